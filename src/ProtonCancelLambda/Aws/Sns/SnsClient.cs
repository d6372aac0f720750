using System.Net.Http.Headers;
using System.Xml;
using System.Xml.Linq;
using ProtonCancelLambda.Aws.Http;

namespace ProtonCancelLambda.Aws.Sns;

/// <summary>SNS Publish over the Query protocol, signed with SigV4 (signing name <c>sns</c>).</summary>
internal sealed class SnsClient : ISnsPublisher, IDisposable
{
    public const string SigningName = "sns";
    public const string EndpointPrefix = "sns";

    private readonly AwsHttpChannel _channel;

    public SnsClient(AwsHttpChannel channel)
    {
        _channel = channel;
    }

    public Task<string> PublishAsync(SnsPublishRequest request, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = SnsPublishForm.Encode(request);
        return _channel.SendAsync("Publish", () => CreateRequest(body), ReadMessageIdAsync, deadline, cancellationToken);
    }

    public void Dispose() => _channel.Dispose();

    private HttpRequestMessage CreateRequest(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(SnsPublishForm.ContentType);
        return new HttpRequestMessage(HttpMethod.Post, _channel.Endpoint) { Content = content };
    }

    private static async Task<string> ReadMessageIdAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);

        // PublishResponse/PublishResult/MessageId, matched by local name whatever the namespace.
        var result = XDocument.Parse(body).Descendants().FirstOrDefault(e => e.Name.LocalName == "PublishResult");
        var messageId = result is null ? null : SnsProtocol.Child(result, "MessageId");
        return string.IsNullOrEmpty(messageId) ? throw new XmlException("The response has no PublishResult/MessageId.") : messageId;
    }
}
