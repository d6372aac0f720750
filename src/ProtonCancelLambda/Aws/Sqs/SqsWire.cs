using System.Text.Json.Serialization;
using ProtonCancelLambda.Aws.Http;

namespace ProtonCancelLambda.Aws.Sqs;

// SendMessage's shapes as the model names them (SQS's JSON members are PascalCase).

internal sealed record SendMessageInput(
    [property: JsonPropertyName("QueueUrl")] string QueueUrl,
    [property: JsonPropertyName("MessageBody")] string MessageBody,
    [property: JsonPropertyName("DelaySeconds")] int? DelaySeconds,
    [property: JsonPropertyName("MessageGroupId")] string? MessageGroupId,
    [property: JsonPropertyName("MessageDeduplicationId")] string? MessageDeduplicationId,
    [property: JsonPropertyName("MessageSystemAttributes")] Dictionary<string, MessageSystemAttributeValue>? MessageSystemAttributes);

internal sealed record MessageSystemAttributeValue(
    [property: JsonPropertyName("DataType")] string DataType,
    [property: JsonPropertyName("StringValue")] string StringValue);

// Only the member we read; the rest of the output (MD5OfMessageBody, SequenceNumber) is skipped.
internal sealed record SendMessageOutput([property: JsonPropertyName("MessageId")] string? MessageId);

/// <summary>Source-generated JSON for the SQS wire shapes: no reflection, as Native AOT requires.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SendMessageInput))]
[JsonSerializable(typeof(SendMessageOutput))]
[JsonSerializable(typeof(AwsJsonErrorBody))]
internal sealed partial class SqsJsonContext : JsonSerializerContext;
