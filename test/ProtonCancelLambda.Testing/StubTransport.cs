using System.Net;
using System.Text;

namespace ProtonCancelLambda.Testing;

/// <summary>
/// The HTTP transport under a client (our signer, the Runtime API client): records every request and answers
/// from a script, the last answer repeating once the script runs out.
/// </summary>
public sealed class StubTransport : HttpMessageHandler
{
    private readonly Queue<Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>> _script = new();
    private readonly List<RecordedRequest> _requests = [];
    private Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>? _last;

    public IReadOnlyList<RecordedRequest> Requests => _requests;

    public StubTransport Then(Func<HttpResponseMessage> response) => Then((_, _) => Task.FromResult(response()));

    public StubTransport Then(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> response)
    {
        _script.Enqueue(response);
        return this;
    }

    /// <summary>An AWS JSON 1.0 answer, as Proton, SQS and DynamoDB send.</summary>
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
        _requests.Add(await RecordedRequest.ReadAsync(request, cancellationToken).ConfigureAwait(false));
        var next = _script.Count > 0 ? _script.Dequeue() : _last ?? throw new InvalidOperationException("No scripted response left.");
        _last = next;
        return await next(request, cancellationToken).ConfigureAwait(false);
    }
}
