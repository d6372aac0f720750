using ProtonCancelLambda.Aws.Http;

namespace ProtonCancelLambda.Aws.DynamoDb;

/// <summary>DynamoDB's errors as AWS JSON 1.0 sends them; a failed condition keeps the item it failed on.</summary>
internal sealed class DynamoDbProtocol : IAwsProtocol
{
    // The DynamoDB developer guide's "Error handling": throttling and server faults are worth a retry;
    // TransactionConflictException means a transaction held the item for a moment.
    public IReadOnlyCollection<string> RetryableCodes { get; } =
    [
        "ProvisionedThroughputExceededException", "ThrottlingException", "RequestLimitExceeded",
        "InternalServerError", "ServiceUnavailable", "TransactionConflictException",
    ];

    public string Service => "DynamoDB";

    public async Task<AwsErrorResponse> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var (code, message, body) = await AwsJsonErrors.ReadAsync(response, DynamoDbJsonContext.Default.DynamoDbErrorBody, codeInHeader: true, cancellationToken).ConfigureAwait(false);
        return new DynamoDbErrorResponse(code, message, body?.Item);
    }

    public AwsServiceException CreateException(AwsErrorResponse error, int? statusCode, bool isRetryable, Exception? innerException) =>
        error.Code == DynamoDbConditionFailedException.Code
            ? new DynamoDbConditionFailedException(error.Message, statusCode, (error as DynamoDbErrorResponse)?.Item, innerException)
            : new DynamoDbException(error.Code, error.Message, statusCode, isRetryable, innerException);
}
