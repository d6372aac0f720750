using System.Text.Json.Serialization;
using ProtonCancelLambda.Aws.Http;

namespace ProtonCancelLambda.Aws.DynamoDb;

/// <summary>
/// A DynamoDB <c>AttributeValue</c> limited to the two types the function writes: <c>S</c> and <c>N</c>
/// (numbers travel as strings). Other members an operator may add to an item are ignored when read.
/// </summary>
public sealed record DynamoDbValue(
    [property: JsonPropertyName("S")] string? S = null,
    [property: JsonPropertyName("N")] string? N = null)
{
    public static DynamoDbValue Text(string value) => new(S: value);

    public static DynamoDbValue Number(long value) => new(N: value.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public long? AsNumber() =>
        long.TryParse(N, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var number) ? number : null;
}

/// <summary>The PutItem input members we send (AWS JSON 1.0, PascalCase as in the model).</summary>
internal sealed record PutItemInput(
    string TableName,
    Dictionary<string, DynamoDbValue> Item,
    string? ConditionExpression,
    Dictionary<string, string>? ExpressionAttributeNames,
    Dictionary<string, DynamoDbValue>? ExpressionAttributeValues,
    string? ReturnValuesOnConditionCheckFailure);

/// <summary>The UpdateItem input members we send.</summary>
internal sealed record UpdateItemInput(
    string TableName,
    Dictionary<string, DynamoDbValue> Key,
    string UpdateExpression,
    string? ConditionExpression,
    Dictionary<string, string>? ExpressionAttributeNames,
    Dictionary<string, DynamoDbValue>? ExpressionAttributeValues,
    string? ReturnValues,
    string? ReturnValuesOnConditionCheckFailure);

/// <summary>PutItem and UpdateItem outputs: the item's attributes as they were, when asked for with ALL_OLD.</summary>
internal sealed record WriteItemOutput(Dictionary<string, DynamoDbValue>? Attributes);

/// <summary>
/// An error body. DynamoDB puts the message in <c>message</c> or <c>Message</c>, and with
/// <c>ReturnValuesOnConditionCheckFailure=ALL_OLD</c> the item that failed the condition in <c>Item</c>.
/// </summary>
internal sealed record DynamoDbErrorBody(
    string? Type,
    string? LowerMessage,
    string? UpperMessage,
    [property: JsonPropertyName("Item")] Dictionary<string, DynamoDbValue>? Item) : AwsJsonErrorBody(Type, LowerMessage, UpperMessage);

/// <summary>Source-generated JSON for the DynamoDB wire shapes; PascalCase member names as the service uses.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(PutItemInput))]
[JsonSerializable(typeof(UpdateItemInput))]
[JsonSerializable(typeof(WriteItemOutput))]
[JsonSerializable(typeof(DynamoDbErrorBody))]
internal sealed partial class DynamoDbJsonContext : JsonSerializerContext;
