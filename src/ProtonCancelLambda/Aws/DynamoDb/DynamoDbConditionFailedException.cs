namespace ProtonCancelLambda.Aws.DynamoDb;

/// <summary>
/// <c>ConditionalCheckFailedException</c>: the write's condition did not hold. Not a fault: it is how the
/// idempotency record says someone else has the request. <see cref="Item"/> is the item as it was, when the
/// write asked for it and the item exists. A subclass, not a code to compare, because it carries that item.
/// </summary>
public sealed class DynamoDbConditionFailedException : DynamoDbException
{
    public const string Code = "ConditionalCheckFailedException";

    public DynamoDbConditionFailedException(string message, int? statusCode, IReadOnlyDictionary<string, DynamoDbValue>? item, Exception? innerException = null)
        : base(Code, message, statusCode, isRetryable: false, innerException)
    {
        Item = item;
    }

    public IReadOnlyDictionary<string, DynamoDbValue>? Item { get; }
}
