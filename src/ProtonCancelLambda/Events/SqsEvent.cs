using System.Text.Json.Serialization;

namespace ProtonCancelLambda.Events;

/// <summary>The event Lambda's SQS event source mapping sends: a batch of records.</summary>
public sealed class SqsEvent
{
    [JsonPropertyName("Records")]
    public List<SqsMessage> Records { get; set; } = [];
}

/// <summary>One SQS record, with every key AWS sends (note <c>eventSourceARN</c>'s casing).</summary>
public sealed class SqsMessage
{
    [JsonPropertyName("messageId")]
    public string? MessageId { get; set; }

    [JsonPropertyName("receiptHandle")]
    public string? ReceiptHandle { get; set; }

    [JsonPropertyName("body")]
    public string? Body { get; set; }

    [JsonPropertyName("attributes")]
    public SqsMessageSystemAttributes? Attributes { get; set; }

    [JsonPropertyName("messageAttributes")]
    public Dictionary<string, SqsMessageAttribute>? MessageAttributes { get; set; }

    [JsonPropertyName("md5OfBody")]
    public string? Md5OfBody { get; set; }

    [JsonPropertyName("md5OfMessageAttributes")]
    public string? Md5OfMessageAttributes { get; set; }

    [JsonPropertyName("eventSource")]
    public string? EventSource { get; set; }

    [JsonPropertyName("eventSourceARN")]
    public string? EventSourceArn { get; set; }

    [JsonPropertyName("awsRegion")]
    public string? AwsRegion { get; set; }
}

/// <summary>SQS system attributes; all values arrive as strings.</summary>
public sealed class SqsMessageSystemAttributes
{
    public string? ApproximateReceiveCount { get; set; }

    public string? SentTimestamp { get; set; }

    public string? SenderId { get; set; }

    public string? ApproximateFirstReceiveTimestamp { get; set; }

    public string? SequenceNumber { get; set; }

    public string? MessageGroupId { get; set; }

    public string? MessageDeduplicationId { get; set; }

    public string? AWSTraceHeader { get; set; }

    public string? DeadLetterQueueSourceArn { get; set; }
}

/// <summary>A user-defined SQS message attribute.</summary>
public sealed class SqsMessageAttribute
{
    [JsonPropertyName("stringValue")]
    public string? StringValue { get; set; }

    [JsonPropertyName("binaryValue")]
    public string? BinaryValue { get; set; }

    [JsonPropertyName("stringListValues")]
    public List<string>? StringListValues { get; set; }

    [JsonPropertyName("binaryListValues")]
    public List<string>? BinaryListValues { get; set; }

    [JsonPropertyName("dataType")]
    public string? DataType { get; set; }
}
