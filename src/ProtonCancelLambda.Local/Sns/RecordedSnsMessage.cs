namespace ProtonCancelLambda.Local.Sns;

/// <summary>A message attribute as Publish sent it (<c>MessageAttributes.entry.N.Value.*</c>).</summary>
public sealed record SnsAttributeValue(string DataType, string? StringValue, string? BinaryValue);

/// <summary>One accepted SNS Publish call.</summary>
public sealed record RecordedSnsMessage(
    string MessageId,
    string TopicArn,
    string Message,
    string? Subject,
    IReadOnlyDictionary<string, SnsAttributeValue> MessageAttributes,
    string? MessageGroupId,
    string? MessageDeduplicationId,
    DateTimeOffset ReceivedAt);
