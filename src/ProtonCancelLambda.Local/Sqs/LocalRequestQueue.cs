using System.Security.Cryptography;
using System.Text;

namespace ProtonCancelLambda.Local.Sqs;

/// <summary>
/// The request queue of a local run: messages the function sends (its continuations) wait here until their
/// <c>DelaySeconds</c> have passed on the run's clock, then are received in batches as SQS's event source
/// would hand them to the function.
/// </summary>
public sealed class LocalRequestQueue(TimeProvider clock)
{
    public const string Name = "proton-cancel-requests";
    public const string Arn = "arn:aws:sqs:us-east-1:123456789012:" + Name;

    private readonly List<QueuedMessage> _messages = [];
    private readonly Lock _lock = new();

    /// <summary>Messages sent so far, delivered or not.</summary>
    public int SentCount { get; private set; }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _messages.Count;
            }
        }
    }

    /// <summary>When the earliest waiting message becomes visible; null when the queue is empty.</summary>
    public DateTimeOffset? NextVisibleAt
    {
        get
        {
            lock (_lock)
            {
                return _messages.Count == 0 ? null : _messages.Min(m => m.VisibleAt);
            }
        }
    }

    public QueuedMessage Send(string body, TimeSpan delay, string? traceHeader)
    {
        var now = clock.GetUtcNow();
        var message = new QueuedMessage(Guid.NewGuid().ToString("D"), body, Md5Hex(body), now, now + delay, traceHeader);
        lock (_lock)
        {
            _messages.Add(message);
            SentCount++;
        }

        return message;
    }

    /// <summary>Takes up to <paramref name="max"/> messages that are visible now, oldest first.</summary>
    public IReadOnlyList<QueuedMessage> ReceiveVisible(int max)
    {
        var now = clock.GetUtcNow();
        lock (_lock)
        {
            var batch = _messages.Where(m => m.VisibleAt <= now).OrderBy(m => m.VisibleAt).Take(max).ToList();
            foreach (var message in batch)
            {
                _messages.Remove(message);
            }

            return batch;
        }
    }

    /// <summary>Puts a message back, visible again after <paramref name="visibilityTimeout"/>, as SQS does with a failed record.</summary>
    public void ReturnAfter(QueuedMessage message, TimeSpan visibilityTimeout)
    {
        lock (_lock)
        {
            _messages.Add(message with { VisibleAt = clock.GetUtcNow() + visibilityTimeout, ReceiveCount = message.ReceiveCount + 1 });
        }
    }

    // SQS answers SendMessage with the body's MD5, and the AWS SDKs check it.
    internal static string Md5Hex(string body) =>
#pragma warning disable CA5351 // MD5 is what the SQS API defines for MD5OfMessageBody; it is a checksum here, not security.
        Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(body)));
#pragma warning restore CA5351
}

/// <summary>One message of the local request queue.</summary>
public sealed record QueuedMessage(string MessageId, string Body, string Md5OfBody, DateTimeOffset SentAt, DateTimeOffset VisibleAt, string? TraceHeader)
{
    public int ReceiveCount { get; init; }
}
