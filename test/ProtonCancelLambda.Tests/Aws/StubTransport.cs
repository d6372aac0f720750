using System.Net;
using System.Text;

namespace ProtonCancelLambda.Tests.Aws;

/// <summary>The HTTP transport under our signer: records every signed request, answers from a script.</summary>
internal sealed class StubTransport : HttpMessageHandler
{
    private readonly Queue<Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>> _script = new();
    private Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>? _last;

    public List<RecordedRequest> Requests { get; } = [];

    public StubTransport Then(Func<HttpResponseMessage> response) => Then((_, _) => Task.FromResult(response()));

    public StubTransport Then(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> response)
    {
        _script.Enqueue(response);
        return this;
    }

    public static HttpResponseMessage Json(HttpStatusCode status, string body, params (string Name, string Value)[] headers) =>
        Response(status, body, "application/x-amz-json-1.0", headers);

    public static HttpResponseMessage Response(HttpStatusCode status, string body, string contentType, params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, contentType) };
        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in request.Headers.Concat(request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>()))
        {
            headers[name] = string.Join(",", values);
        }

        Requests.Add(new RecordedRequest(request.Method, request.RequestUri!, headers, body));
        var next = _script.Count > 0 ? _script.Dequeue() : _last ?? throw new InvalidOperationException("No scripted response left.");
        _last = next;
        return await next(request, cancellationToken);
    }
}

internal sealed record RecordedRequest(HttpMethod Method, Uri Uri, IReadOnlyDictionary<string, string> Headers, string Body);
