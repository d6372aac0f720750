namespace ProtonCancelLambda.Aws.DynamoDb;

/// <summary>A DynamoDB error: its AWS error code, or a transport fault.</summary>
public class DynamoDbException : AwsServiceException
{
    public DynamoDbException(string errorCode, string message, int? statusCode, bool isRetryable, Exception? innerException = null)
        : base(errorCode, message, statusCode, isRetryable, innerException)
    {
    }

    public DynamoDbException()
    {
    }

    public DynamoDbException(string message)
        : base(message)
    {
    }

    public DynamoDbException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// <c>ConditionalCheckFailedException</c>: the write's condition did not hold. Not a fault: it is how the
/// idempotency record says someone else has the request. <see cref="Item"/> is the item as it was, when the
/// write asked for it and the item exists.
/// </summary>
public sealed class DynamoDbConditionFailedException : DynamoDbException
{
    public const string Code = "ConditionalCheckFailedException";

    public DynamoDbConditionFailedException(string message, int? statusCode, IReadOnlyDictionary<string, DynamoDbValue>? item, Exception? innerException = null)
        : base(Code, message, statusCode, isRetryable: false, innerException)
    {
        Item = item;
    }

    public DynamoDbConditionFailedException()
    {
    }

    public DynamoDbConditionFailedException(string message)
        : base(message)
    {
    }

    public DynamoDbConditionFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public IReadOnlyDictionary<string, DynamoDbValue>? Item { get; }
}
