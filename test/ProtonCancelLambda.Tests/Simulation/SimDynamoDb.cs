using ProtonCancelLambda.Aws;
using ProtonCancelLambda.Aws.DynamoDb;

namespace ProtonCancelLambda.Tests.Simulation;

/// <summary>
/// The idempotency table in memory, with DynamoDB's semantics for what the function asks of it: conditional
/// PutItem and UpdateItem, ReturnValues ALL_OLD, and ALL_OLD on a failed condition. Knows the table's key
/// attribute (from template.yaml), nothing of what the function keeps in its items.
/// </summary>
internal sealed class SimDynamoDb(SimCalls calls, FaultRates faults, string tableName, string keyName) : IDynamoDbItems
{
    private readonly Dictionary<string, Dictionary<string, DynamoDbValue>> _items = new(StringComparer.Ordinal);

    public Task PutItemAsync(PutItemInput input, DateTimeOffset deadline, CancellationToken cancellationToken) =>
        calls.Call("DynamoDB PutItem", faults, deadline, cancellationToken, () => Put(input), Error);

    public Task<Dictionary<string, DynamoDbValue>?> UpdateItemAsync(UpdateItemInput input, DateTimeOffset deadline, CancellationToken cancellationToken) =>
        calls.Call("DynamoDB UpdateItem", faults, deadline, cancellationToken, () => Update(input), Error);

    public Dictionary<string, DynamoDbValue>? Put(PutItemInput input)
    {
        EnsureTable(input.TableName);
        var key = Key(input.Item);
        var old = _items.GetValueOrDefault(key);
        var expressions = new DynamoDbExpressions(input.ExpressionAttributeNames, input.ExpressionAttributeValues);
        var holds = expressions.Holds(input.ConditionExpression, old);
        expressions.EnsureAllUsed();
        if (!holds)
        {
            throw Failed(old, input.ReturnValuesOnConditionCheckFailure);
        }

        _items[key] = new Dictionary<string, DynamoDbValue>(input.Item, StringComparer.Ordinal);
        return null;
    }

    public Dictionary<string, DynamoDbValue>? Update(UpdateItemInput input)
    {
        EnsureTable(input.TableName);
        if (input.Key.Count != 1 || !input.Key.ContainsKey(keyName))
        {
            throw new DynamoDbException("ValidationException", "The provided key element does not match the schema", 400, isRetryable: false);
        }

        var key = Key(input.Key);
        var old = _items.GetValueOrDefault(key);
        var expressions = new DynamoDbExpressions(input.ExpressionAttributeNames, input.ExpressionAttributeValues);
        var holds = expressions.Holds(input.ConditionExpression, old);
        var updated = old is null ? new Dictionary<string, DynamoDbValue>(input.Key, StringComparer.Ordinal) : new Dictionary<string, DynamoDbValue>(old, StringComparer.Ordinal);
        expressions.Apply(input.UpdateExpression, updated, keyName);
        expressions.EnsureAllUsed();
        if (!holds)
        {
            throw Failed(old, input.ReturnValuesOnConditionCheckFailure);
        }

        if (input.ReturnValues is not (null or "NONE" or "ALL_OLD"))
        {
            throw new NotSupportedException($"ReturnValues {input.ReturnValues} is not simulated.");
        }

        _items[key] = updated;
        return input.ReturnValues == "ALL_OLD" && old is not null ? old : null;
    }

    private static DynamoDbConditionFailedException Failed(Dictionary<string, DynamoDbValue>? old, string? returnValues) =>
        returnValues switch
        {
            "ALL_OLD" => new("The conditional request failed", 400, old is null ? null : new Dictionary<string, DynamoDbValue>(old, StringComparer.Ordinal)),
            null or "NONE" => new("The conditional request failed", 400, null),
            _ => throw new NotSupportedException($"ReturnValuesOnConditionCheckFailure {returnValues} is not simulated."),
        };

    private static DynamoDbException Error(string code, string message) => new(code, message, 500, isRetryable: true);

    private void EnsureTable(string name)
    {
        if (name != tableName)
        {
            throw new DynamoDbException("ResourceNotFoundException", $"Requested resource not found: Table: {name} not found", 400, isRetryable: false);
        }
    }

    private string Key(IReadOnlyDictionary<string, DynamoDbValue> item) =>
        item.GetValueOrDefault(keyName)?.S ?? throw new DynamoDbException("ValidationException", $"One or more parameter values were invalid: Missing the key {keyName} in the item", 400, isRetryable: false);
}
