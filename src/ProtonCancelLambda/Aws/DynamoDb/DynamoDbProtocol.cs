using System.Text.Json;
using ProtonCancelLambda.Aws.Http;
using ProtonCancelLambda.Aws.Proton;

namespace ProtonCancelLambda.Aws.DynamoDb;

/// <summary>DynamoDB's errors as AWS JSON 1.0 sends them; a failed condition keeps the item it failed on.</summary>
internal sealed class DynamoDbProtocol : IAwsProtocol
{
    // The DynamoDB developer guide's "Error handling": throttling and server faults are worth a retry;
    // TransactionConflictException means a transaction held the item for a moment.
    private static readonly string[] RetryableCodes =
    [
        "ProvisionedThroughputExceededException", "ThrottlingException", "RequestLimitExceeded",
        "InternalServerError", "ServiceUnavailable", "TransactionConflictException",
    ];

    public string Service => "DynamoDB";

    public async Task<AwsErrorResponse> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        DynamoDbErrorBody? parsed = null;
        try
        {
            parsed = body.Length == 0 ? null : JsonSerializer.Deserialize(body, DynamoDbJsonContext.Default.DynamoDbErrorBody);
        }
        catch (JsonException)
        {
            // A proxy may answer with HTML; the status code still says what happened.
        }

        var header = response.Headers.TryGetValues(ProtonProtocol.ErrorTypeHeader, out var values) ? values.FirstOrDefault() : null;
        var code = ProtonProtocol.ErrorCodeOf(parsed?.Type) ?? ProtonProtocol.ErrorCodeOf(header) ?? $"Http{(int)response.StatusCode}";
        var message = parsed?.LowerMessage ?? parsed?.UpperMessage ?? $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}".TrimEnd();
        return new DynamoDbErrorResponse(code, message, parsed?.Item);
    }

    public bool IsRetryable(AwsErrorResponse error, int statusCode) =>
        RetryableCodes.Contains(error.Code, StringComparer.Ordinal) || statusCode == 429 || statusCode >= 500;

    public AwsServiceException CreateException(AwsErrorResponse error, int? statusCode, bool isRetryable, Exception? innerException) =>
        error.Code == DynamoDbConditionFailedException.Code
            ? new DynamoDbConditionFailedException(error.Message, statusCode, (error as DynamoDbErrorResponse)?.Item, innerException)
            : new DynamoDbException(error.Code, error.Message, statusCode, isRetryable, innerException);
}

/// <summary>An error with the item DynamoDB returned for a failed condition (ReturnValuesOnConditionCheckFailure).</summary>
internal sealed record DynamoDbErrorResponse(string Code, string Message, Dictionary<string, DynamoDbValue>? Item) : AwsErrorResponse(Code, Message);
