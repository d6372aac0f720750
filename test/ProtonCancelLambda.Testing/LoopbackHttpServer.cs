using System.Collections.Concurrent;
using System.Net;

namespace ProtonCancelLambda.Testing;

/// <summary>
/// A real HTTP server on a free 127.0.0.1 port, for what an in-process <see cref="StubTransport"/> cannot show:
/// sockets, connection setup, a separate process calling in. Records each request, then answers it with
/// <c>respond</c>; requests are answered one at a time, in the order they arrive.
/// </summary>
public sealed class LoopbackHttpServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<RecordedRequest, HttpResponseMessage> _respond;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    private LoopbackHttpServer(Func<RecordedRequest, HttpResponseMessage> respond)
    {
        _respond = respond;
        Endpoint = new Uri($"http://127.0.0.1:{FreeTcpPort.Next()}/");
        _listener.Prefixes.Add(Endpoint.ToString());
        _listener.Start();
        _ = Task.Run(ServeAsync);
    }

    public Uri Endpoint { get; }

    /// <summary>The requests so far; each is here before its answer is sent.</summary>
    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    public static LoopbackHttpServer Start(Func<RecordedRequest, HttpResponseMessage> respond) => new(respond);

    public void Dispose() => _listener.Close();

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
            {
                // Disposed: the listener stops, and so does serving.
                return;
            }

            var request = await RecordedRequest.ReadAsync(context.Request).ConfigureAwait(false);
            _requests.Enqueue(request);
            using var answer = _respond(request);
            await WriteAsync(answer, context.Response).ConfigureAwait(false);
        }
    }

    private static async Task WriteAsync(HttpResponseMessage answer, HttpListenerResponse response)
    {
        var body = await answer.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
        response.StatusCode = (int)answer.StatusCode;
        foreach (var (name, values) in answer.Headers)
        {
            response.Headers[name] = string.Join(",", values);
        }

        if (answer.Content.Headers.ContentType is { } contentType)
        {
            response.ContentType = contentType.ToString();
        }

        response.ContentLength64 = body.Length;
        await response.OutputStream.WriteAsync(body).ConfigureAwait(false);
        response.Close();
    }
}
