using System.Text.Json;
using ProtonCancelLambda.Aws.Http;

namespace ProtonCancelLambda.Aws.Proton;

/// <summary>Proton's errors as AWS JSON 1.0 sends them; the error code says what each one means.</summary>
internal sealed class ProtonProtocol : IAwsProtocol
{
    public const string ErrorTypeHeader = "x-amzn-ErrorType";

    public string Service => "Proton";

    public async Task<AwsErrorResponse> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        AwsJsonErrorBody? parsed = null;
        try
        {
            parsed = body.Length == 0 ? null : JsonSerializer.Deserialize(body, ProtonJsonContext.Default.AwsJsonErrorBody);
        }
        catch (JsonException)
        {
            // A proxy or load balancer may answer with HTML; the status code still says what happened.
        }

        var header = response.Headers.TryGetValues(ErrorTypeHeader, out var values) ? values.FirstOrDefault() : null;
        var code = ErrorCodeOf(parsed?.Type) ?? ErrorCodeOf(header) ?? $"Http{(int)response.StatusCode}";
        var message = parsed?.LowerMessage ?? parsed?.UpperMessage ?? $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}".TrimEnd();
        return new AwsErrorResponse(code, message);
    }

    public bool IsRetryable(AwsErrorResponse error, int statusCode) =>
        error.Code is ProtonErrorCodes.Throttling or ProtonErrorCodes.InternalServer
        || statusCode == 429
        || statusCode >= 500;

    public AwsServiceException CreateException(AwsErrorResponse error, int? statusCode, bool isRetryable, Exception? innerException) =>
        new ProtonException(error.Code, error.Message, statusCode, isRetryable, innerException);

    /// <summary><c>com.amazonaws.proton#ConflictException:http://...</c> → <c>ConflictException</c>.</summary>
    internal static string? ErrorCodeOf(string? raw) => AwsJsonErrors.CodeOf(raw);
}
