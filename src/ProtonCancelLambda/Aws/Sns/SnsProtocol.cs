using System.Xml;
using System.Xml.Linq;
using ProtonCancelLambda.Aws.Http;

namespace ProtonCancelLambda.Aws.Sns;

/// <summary>SNS's Query-protocol errors: <c>&lt;ErrorResponse&gt;&lt;Error&gt;&lt;Type/&gt;&lt;Code/&gt;&lt;Message/&gt;</c>.</summary>
internal sealed class SnsProtocol : IAwsProtocol
{
    // Throttled (429) and KMSThrottling (400: KMS throttled the topic key) are the model's throttling errors;
    // InternalError its server fault; the rest are what any AWS endpoint may answer when it is overloaded.
    public IReadOnlyCollection<string> RetryableCodes { get; } = ["Throttled", "KMSThrottling", "Throttling", "InternalError", "InternalFailure", "ServiceUnavailable"];

    public string Service => "SNS";

    public async Task<AwsErrorResponse> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var fallback = new AwsErrorResponse($"Http{status}", $"HTTP {status} {response.ReasonPhrase}".TrimEnd());
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrWhiteSpace(body))
        {
            return fallback;
        }

        try
        {
            // Matched by local name: AWS puts ErrorResponse in the SNS namespace, some emulators in none,
            // and some wrap Error in an Errors element.
            var error = XDocument.Parse(body).Descendants().FirstOrDefault(e => e.Name.LocalName == "Error" && Child(e, "Code") is not null);
            if (error is null)
            {
                return fallback;
            }

            return new AwsErrorResponse(Child(error, "Code")!, Child(error, "Message") ?? fallback.Message, Child(error, "Type"));
        }
        catch (XmlException)
        {
            return fallback;
        }
    }

    public AwsServiceException CreateException(AwsErrorResponse error, int? statusCode, bool isRetryable, Exception? innerException) =>
        new SnsException(error.Code, error.Message, statusCode, isRetryable, error.Type, innerException);

    internal static string? Child(XElement parent, string localName) =>
        parent.Elements().FirstOrDefault(e => e.Name.LocalName == localName)?.Value.Trim();
}
