using System.Net;
using System.Text;

namespace ProtonCancelLambda.Testing;

/// <summary>A request as it went on the wire to a stub: headers (request and content) and the body's bytes.</summary>
public sealed record RecordedRequest(HttpMethod Method, Uri Uri, IReadOnlyDictionary<string, string> Headers, byte[] Content)
{
    public string Body => Encoding.UTF8.GetString(Content);

    public static async Task<RecordedRequest> ReadAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var content = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in request.Headers.Concat(request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>()))
        {
            headers[name] = string.Join(",", values);
        }

        return new RecordedRequest(request.Method, request.RequestUri!, headers, content);
    }

    public static async Task<RecordedRequest> ReadAsync(HttpListenerRequest request)
    {
        using var body = new MemoryStream();
        await request.InputStream.CopyToAsync(body).ConfigureAwait(false);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in request.Headers.AllKeys.OfType<string>())
        {
            headers[name] = request.Headers[name] ?? string.Empty;
        }

        return new RecordedRequest(new HttpMethod(request.HttpMethod), request.Url!, headers, body.ToArray());
    }
}
