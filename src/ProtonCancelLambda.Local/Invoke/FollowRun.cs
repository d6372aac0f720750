using System.Buffers;
using System.Globalization;
using System.Text.Json;
using ProtonCancelLambda.Local.EventSource;
using ProtonCancelLambda.Local.RuntimeEmulator;
using ProtonCancelLambda.Local.Sqs;

namespace ProtonCancelLambda.Local.Invoke;

/// <summary>
/// <c>invoke --follow</c>: plays Lambda's SQS event source for the local request queue. After the first
/// invocation, every continuation the function sent is delivered again once its delay has passed on the run's
/// clock, in batches of up to ten, until the queue is empty. Records the function reports failed come back
/// after the template's visibility timeout, as SQS returns them, until the template's redrive policy moves them
/// to the DLQ (a <c>deadLettered</c> line). One JSON line per invocation.
/// </summary>
internal sealed class FollowRun(RuntimeApiEmulator emulator, LocalRequestQueue queue, TemplateRules rules, TimeProvider clock, TimeSpan timeout, TextWriter output)
{
    /// <summary>A watch ends by MAX_WATCH_SECONDS long before this; the bound stops a run that would not.</summary>
    public const int MaxHops = 1000;

    private readonly DateTimeOffset _start = clock.GetUtcNow();

    /// <summary>Invokes the first event, then every delivery of the queue; false when an invocation failed to complete.</summary>
    public async Task<bool> RunAsync(byte[] firstEvent, Func<Task<InvocationResult>, Task<InvocationResult?>> awaitInvocation, CancellationToken cancellationToken)
    {
        var hop = 1;
        var firstRecords = SqsRecords(firstEvent);
        if (!await InvokeAsync(hop, firstEvent, firstRecords?.Count ?? 1, firstRecords ?? [], awaitInvocation, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        while (queue.NextVisibleAt is { } visibleAt && hop < MaxHops)
        {
            var wait = visibleAt - clock.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, clock, cancellationToken).ConfigureAwait(false);
            }

            var batch = queue.ReceiveVisible(rules.BatchSize);
            if (batch.Count == 0)
            {
                continue;
            }

            hop++;
            var receivedAt = clock.GetUtcNow();
            if (!await InvokeAsync(hop, SqsEventJson.Utf8(batch.Select(message => SqsEventRecord.Delivered(message, receivedAt))), batch.Count, batch, awaitInvocation, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }
        }

        if (queue.Count > 0)
        {
            await output.WriteLineAsync($"{{\"stopped\":\"{MaxHops} invocations reached with {queue.Count} messages still queued\"}}").ConfigureAwait(false);
        }

        return true;
    }

    private async Task<bool> InvokeAsync(
        int hop,
        byte[] payload,
        int records,
        IReadOnlyList<QueuedMessage> batch,
        Func<Task<InvocationResult>, Task<InvocationResult?>> awaitInvocation,
        CancellationToken cancellationToken)
    {
        var sentBefore = queue.SentCount;
        var result = await awaitInvocation(emulator.InvokeAsync(new InvocationRequest(payload) { Timeout = timeout }, cancellationToken)).ConfigureAwait(false);
        if (result is null)
        {
            return false;
        }

        var failed = result.IsError ? batch.Select(m => m.MessageId).ToHashSet(StringComparer.Ordinal) : BatchItemFailures(result.Body, batch);
        await output.WriteLineAsync(HopLine(hop, records, queue.SentCount - sentBefore, result, failed.Count)).ConfigureAwait(false);
        foreach (var message in batch.Where(m => failed.Contains(m.MessageId)))
        {
            if (message.ReceiveCount + 1 >= rules.MaxReceiveCount)
            {
                await output.WriteLineAsync(DeadLetteredLine(message)).ConfigureAwait(false);
            }
            else
            {
                queue.ReturnAfter(message, rules.VisibilityTimeout);
            }
        }

        return true;
    }

    // Written as JSON, not formatted: a message id taken from the caller's event may hold any character.
    private static string DeadLetteredLine(QueuedMessage message)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("deadLettered", message.MessageId);
            writer.WriteNumber("receiveCount", message.ReceiveCount + 1);
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private string HopLine(int hop, int records, int continuationsSent, InvocationResult result, int failedRecords)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("hop", hop);
            writer.WriteNumber("records", records);
            writer.WriteNumber("continuationsSent", continuationsSent);
            writer.WriteNumber("failedRecords", failedRecords);
            writer.WriteNumber("elapsedSeconds", Math.Round((clock.GetUtcNow() - _start).TotalSeconds, 1));
            if (result.IsError)
            {
                writer.WriteString("error", result.BodyText);
            }

            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>
    /// The records of an SQS event as queue messages, so that those the function reports failed come back like
    /// any other (an event of another source is not redelivered here: its failure shows in the hop line);
    /// null when the event is not an SQS event.
    /// </summary>
    private IReadOnlyList<QueuedMessage>? SqsRecords(byte[] payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload);
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("Records", out var records) || records.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            var now = clock.GetUtcNow();
            return [.. records.EnumerateArray().Select(record => Message(record, now))];
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // A record need not be an object (a test may send one Lambda never would): then it has no members.
    private static QueuedMessage Message(JsonElement record, DateTimeOffset now)
    {
        var attributes = Member(record, "attributes");
        return new QueuedMessage(
            Text(record, "messageId") ?? Guid.NewGuid().ToString("D"),
            Text(record, "body") ?? string.Empty,
            Text(record, "md5OfBody") ?? string.Empty,
            Text(attributes, "SentTimestamp") is { } sent && long.TryParse(sent, CultureInfo.InvariantCulture, out var ms) ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : now,
            now,
            Text(attributes, "AWSTraceHeader"));
    }

    private static JsonElement Member(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : default;

    private static string? Text(JsonElement element, string name) =>
        Member(element, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    private static HashSet<string> BatchItemFailures(byte[] response, IReadOnlyList<QueuedMessage> batch)
    {
        var failed = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            using var document = JsonDocument.Parse(response);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("batchItemFailures", out var failures) && failures.ValueKind == JsonValueKind.Array)
            {
                foreach (var failure in failures.EnumerateArray())
                {
                    if (failure.TryGetProperty("itemIdentifier", out var id) && id.GetString() is { } messageId)
                    {
                        failed.Add(messageId);
                    }
                }
            }
        }
        catch (JsonException)
        {
            // Lambda treats an unreadable batch response as a failure of the whole batch; so do we.
            return batch.Select(m => m.MessageId).ToHashSet(StringComparer.Ordinal);
        }

        return failed;
    }
}
