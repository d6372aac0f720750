using System.Globalization;

namespace ProtonCancelLambda.Local.Sqs;

/// <summary>
/// One message as Lambda's SQS event source mapping hands it to the function. <c>invoke --follow</c>, the tests
/// and the benchmarks all describe their records with it, so the event's shape is written once
/// (<see cref="SqsEventJson"/>).
/// </summary>
public sealed record SqsEventRecord(string MessageId, string? Body)
{
    // No real principal sends in a local run or a test; the mapping always sets one, so a record carries one.
    private const string SenderId = "AROAEXAMPLELOCALRUN:proton-cancel";

    public string ReceiptHandle { get; init; } = "AQEB" + MessageId;

    public string Md5OfBody { get; init; } = LocalRequestQueue.Md5Hex(Body ?? string.Empty);

    public string QueueArn { get; init; } = LocalRequestQueue.Arn;

    public string Region { get; init; } = "us-east-1";

    /// <summary>The record's <c>attributes</c> (system attributes such as SentTimestamp), as SQS names them.</summary>
    public IReadOnlyDictionary<string, string> Attributes { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// A record with the attributes the mapping always sets: sent at <paramref name="sentAt"/>, received for the
    /// <paramref name="receiveCount"/>th time, first received at <paramref name="firstReceivedAt"/> (default: when sent).
    /// </summary>
    public static SqsEventRecord Received(string messageId, string? body, DateTimeOffset sentAt, DateTimeOffset? firstReceivedAt = null, int receiveCount = 1) =>
        new(messageId, body)
        {
            Attributes = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["ApproximateReceiveCount"] = receiveCount.ToString(CultureInfo.InvariantCulture),
                ["SentTimestamp"] = Milliseconds(sentAt),
                ["SenderId"] = SenderId,
                ["ApproximateFirstReceiveTimestamp"] = Milliseconds(firstReceivedAt ?? sentAt),
            },
        };

    /// <summary>A message of the local request queue, delivered once more at <paramref name="receivedAt"/>.</summary>
    public static SqsEventRecord Delivered(QueuedMessage message, DateTimeOffset receivedAt)
    {
        var record = Received(message.MessageId, message.Body, message.SentAt, receivedAt, message.ReceiveCount + 1);
        var attributes = new Dictionary<string, string>(record.Attributes, StringComparer.Ordinal);
        if (message.TraceHeader is not null)
        {
            attributes["AWSTraceHeader"] = message.TraceHeader;
        }

        // A receipt handle differs per receive; the count makes it so.
        return record with { ReceiptHandle = $"{message.MessageId}#{message.ReceiveCount + 1}", Md5OfBody = message.Md5OfBody, Attributes = attributes };
    }

    /// <summary>This record with <paramref name="extra"/> attributes added (or replacing ones of the same name).</summary>
    public SqsEventRecord WithAttributes(IEnumerable<KeyValuePair<string, string>> extra)
    {
        var attributes = new Dictionary<string, string>(Attributes, StringComparer.Ordinal);
        foreach (var (name, value) in extra)
        {
            attributes[name] = value;
        }

        return this with { Attributes = attributes };
    }

    private static string Milliseconds(DateTimeOffset time) => time.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
}
