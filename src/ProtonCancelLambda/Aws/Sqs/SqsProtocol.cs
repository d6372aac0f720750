using System.Text.Json;
using ProtonCancelLambda.Aws.Http;

namespace ProtonCancelLambda.Aws.Sqs;

/// <summary>SQS's errors as AWS JSON 1.0 sends them (the model's protocol since 2023).</summary>
internal sealed class SqsProtocol : IAwsProtocol
{
    // From the model's SendMessage errors: RequestThrottled and KmsThrottled are throttling; the rest are the
    // codes every AWS JSON service may answer with when it is throttling or failing on its side.
    private static readonly string[] RetryableCodes = ["RequestThrottled", "KmsThrottled", "ThrottlingException", "InternalError", "InternalFailure", "ServiceUnavailable"];

    public string Service => "SQS";

    public async Task<AwsErrorResponse> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        AwsJsonErrorBody? parsed = null;
        try
        {
            parsed = body.Length == 0 ? null : JsonSerializer.Deserialize(body, SqsJsonContext.Default.AwsJsonErrorBody);
        }
        catch (JsonException)
        {
            // A proxy or load balancer may answer with HTML; the status code still says what happened.
        }

        var status = (int)response.StatusCode;
        var code = AwsJsonErrors.CodeOf(parsed?.Type) ?? $"Http{status}";
        var message = parsed?.LowerMessage ?? parsed?.UpperMessage ?? $"HTTP {status} {response.ReasonPhrase}".TrimEnd();
        return new AwsErrorResponse(code, message);
    }

    public bool IsRetryable(AwsErrorResponse error, int statusCode) =>
        RetryableCodes.Contains(error.Code, StringComparer.Ordinal) || statusCode == 429 || statusCode >= 500;

    public AwsServiceException CreateException(AwsErrorResponse error, int? statusCode, bool isRetryable, Exception? innerException) =>
        new SqsException(error.Code, error.Message, statusCode, isRetryable, innerException);
}
