using System.Net;

namespace ProtonCancelLambda.IntegrationTests.Infrastructure;

/// <summary>The transport under our signer: keeps the signed request as it would go on the wire, answers with a canned response.</summary>
internal sealed class CapturingTransport(Func<HttpResponseMessage> respond) : HttpMessageHandler
{
    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    public byte[] Body { get; private set; } = [];

    public Uri? Uri { get; private set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Uri = request.RequestUri;
        Body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        foreach (var (name, values) in request.Headers.Concat(request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>()))
        {
            Headers[name] = string.Join(",", values);
        }

        return respond();
    }

    public static HttpResponseMessage Status(HttpStatusCode status, string body) => new(status) { Content = new StringContent(body) };
}
