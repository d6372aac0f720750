using ProtonCancelLambda.Aws.Http;

namespace ProtonCancelLambda.Aws.Proton;

/// <summary>Proton's errors as AWS JSON 1.0 sends them; the error code says what each one means.</summary>
internal sealed class ProtonProtocol : IAwsProtocol
{
    public string Service => "Proton";

    public IReadOnlyCollection<string> RetryableCodes { get; } = [ProtonErrorCodes.Throttling, ProtonErrorCodes.InternalServer];

    public async Task<AwsErrorResponse> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var (code, message, _) = await AwsJsonErrors.ReadAsync(response, ProtonJsonContext.Default.AwsJsonErrorBody, codeInHeader: true, cancellationToken).ConfigureAwait(false);
        return new AwsErrorResponse(code, message);
    }

    public AwsServiceException CreateException(AwsErrorResponse error, int? statusCode, bool isRetryable, Exception? innerException) =>
        new ProtonException(error.Code, error.Message, statusCode, isRetryable, innerException);}
