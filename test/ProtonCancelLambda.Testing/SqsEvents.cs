using System.Text.Json.Nodes;
using Amazon.SQS.Model;
using ProtonCancelLambda.Local.Sqs;

namespace ProtonCancelLambda.Testing;

/// <summary>
/// SQS events for tests and benchmarks, shaped exactly as Lambda's event source mapping sends them
/// (<see cref="SqsEventJson"/>). Records are JSON so that a test can change one, or put a malformed one beside them.
/// </summary>
public static class SqsEvents
{
    public const string QueueArn = LocalRequestQueue.Arn;

    /// <summary>
    /// When a test's messages were sent: 2025-11-24T16:00:00Z, fixed so that tests of the request-time guard can
    /// name deployments started before and after it.
    /// </summary>
    public static readonly DateTimeOffset SentAt = DateTimeOffset.FromUnixTimeMilliseconds(1764000000000);

    /// <param name="sentAt">The message's SentTimestamp (default <see cref="SentAt"/>); a DLQ redrive resets it.</param>
    public static JsonObject Record(string messageId, string? body, string queueArn = QueueArn, DateTimeOffset? sentAt = null) =>
        SqsEventJson.Record(SqsEventRecord.Received(messageId, body, sentAt ?? SentAt, (sentAt ?? SentAt).AddMilliseconds(1)) with { QueueArn = queueArn });

    /// <summary>A record of a FIFO queue, in message group <paramref name="groupId"/>.</summary>
    public static JsonObject FifoRecord(string messageId, string? body, string groupId) =>
        SqsEventJson.Record(SqsEventRecord.Received(messageId, body, SentAt, SentAt.AddMilliseconds(1))
            .WithAttributes([KeyValuePair.Create("MessageGroupId", groupId)]) with { QueueArn = QueueArn + ".fifo" });

    /// <summary>The record Lambda would make of a message received from a real (moto) queue: its handle, checksum and attributes.</summary>
    public static JsonObject Received(Message message, string queueArn) =>
        SqsEventJson.Record(SqsEventRecord.Received(message.MessageId, message.Body, SentAt, SentAt.AddMilliseconds(1))
            .WithAttributes(message.Attributes ?? []) with
        {
            QueueArn = queueArn,
            ReceiptHandle = message.ReceiptHandle,
            Md5OfBody = message.MD5OfBody,
        });

    public static string Batch(params JsonNode[] records) => SqsEventJson.Event(records);

    /// <summary>
    /// An event, as UTF-8, whose records were sent just now as a live queue's are: the benchmarks' runs then see
    /// the request times (the request-time guard, the outcomes' requestedAt) a real run would.
    /// </summary>
    public static byte[] SentNow(IEnumerable<(string MessageId, string Body)> records)
    {
        var now = DateTimeOffset.UtcNow;
        return SqsEventJson.Utf8(records.Select(r => SqsEventRecord.Received(r.MessageId, r.Body, now)));
    }
}
