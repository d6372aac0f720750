using System.Buffers;
using System.Text.Json;
using ProtonCancelLambda.Local.RuntimeEmulator;
using ProtonCancelLambda.Local.Sqs;

namespace ProtonCancelLambda.Local.Invoke;

/// <summary>
/// <c>invoke --follow</c>: plays Lambda's SQS event source for the local request queue. After the first
/// invocation, every continuation the function sent is delivered again once its delay has passed on the run's
/// clock, in batches of up to ten, until the queue is empty. Records the function reports failed come back
/// after the visibility timeout, as SQS returns them. One JSON line per invocation.
/// </summary>
internal sealed class FollowRun(RuntimeApiEmulator emulator, LocalRequestQueue queue, TimeProvider clock, TimeSpan timeout, TextWriter output)
{
    /// <summary>A watch ends by MAX_WATCH_SECONDS long before this; the bound stops a run that would not.</summary>
    public const int MaxHops = 1000;

    private const int BatchSize = 10;

    /// <summary>The template's request queue visibility timeout.</summary>
    private static readonly TimeSpan VisibilityTimeout = TimeSpan.FromSeconds(420);

    private readonly DateTimeOffset _start = clock.GetUtcNow();

    /// <summary>Invokes the first event, then every delivery of the queue; false when an invocation failed to complete.</summary>
    public async Task<bool> RunAsync(byte[] firstEvent, Func<Task<InvocationResult>, Task<InvocationResult?>> awaitInvocation, CancellationToken cancellationToken)
    {
        var hop = 1;
        if (!await InvokeAsync(hop, firstEvent, RecordCount(firstEvent), [], awaitInvocation, cancellationToken).ConfigureAwait(false))
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

            var batch = queue.ReceiveVisible(BatchSize);
            if (batch.Count == 0)
            {
                continue;
            }

            hop++;
            if (!await InvokeAsync(hop, SqsEventWriter.Write(batch, clock.GetUtcNow()), batch.Count, batch, awaitInvocation, cancellationToken).ConfigureAwait(false))
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
        foreach (var message in batch.Where(m => failed.Contains(m.MessageId)))
        {
            queue.ReturnAfter(message, VisibilityTimeout);
        }

        await output.WriteLineAsync(HopLine(hop, records, queue.SentCount - sentBefore, result, failed.Count)).ConfigureAwait(false);
        return true;
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

    private static int RecordCount(byte[] payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("Records", out var records) && records.ValueKind == JsonValueKind.Array
                ? records.GetArrayLength()
                : 1;
        }
        catch (JsonException)
        {
            return 1;
        }
    }

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
