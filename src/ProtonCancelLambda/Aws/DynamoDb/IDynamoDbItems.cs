namespace ProtonCancelLambda.Aws.DynamoDb;

/// <summary>
/// The two item writes the idempotency record needs. Transient faults are retried inside until
/// <c>deadline</c>; a failed condition throws <see cref="DynamoDbConditionFailedException"/> with the item as it was.
/// </summary>
internal interface IDynamoDbItems
{
    Task PutItemAsync(PutItemInput input, DateTimeOffset deadline, CancellationToken cancellationToken);

    /// <summary>Returns the item's attributes as they were before when the input asks for ALL_OLD.</summary>
    Task<Dictionary<string, DynamoDbValue>?> UpdateItemAsync(UpdateItemInput input, DateTimeOffset deadline, CancellationToken cancellationToken);
}
