using ProtonCancelLambda.Aws.Http;

namespace ProtonCancelLambda.Aws.Sqs;

/// <summary>SQS's errors as AWS JSON 1.0 sends them (the model's protocol since 2023).</summary>
internal sealed class SqsProtocol : IAwsProtocol
{
    // From the model's SendMessage errors: RequestThrottled and KmsThrottled are throttling; the rest are the
    // codes every AWS JSON service may answer with when it is throttling or failing on its side.
    public IReadOnlyCollection<string> RetryableCodes { get; } = ["RequestThrottled", "KmsThrottled", "ThrottlingException", "InternalError", "InternalFailure", "ServiceUnavailable"];

    public string Service => "SQS";

    public async Task<AwsErrorResponse> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        // SQS names the error in the body only.
        var (code, message, _) = await AwsJsonErrors.ReadAsync(response, SqsJsonContext.Default.AwsJsonErrorBody, codeInHeader: false, cancellationToken).ConfigureAwait(false);
        return new AwsErrorResponse(code, message);
    }

    public AwsServiceException CreateException(AwsErrorResponse error, int? statusCode, bool isRetryable, Exception? innerException) =>
        new SqsException(error.Code, error.Message, statusCode, isRetryable, innerException);
}
