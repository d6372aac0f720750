using System.Text.Json;
using ProtonCancelLambda.Local.Rig;
using ProtonCancelLambda.Local.RuntimeEmulator;
using ProtonCancelLambda.Local.Sqs;

namespace ProtonCancelLambda.Local.EventSource;

/// <summary>
/// Lambda's SQS event source mapping over the local request queue, with the template's rules: batches of up to
/// <c>BatchSize</c> gathered for at most the batching window, up to <c>MaximumConcurrency</c> batches at once on a
/// <see cref="FunctionFleet"/>; succeeded records deleted; records reported failed (and every record of an
/// invocation that errored, crashed or timed out) visible again after the visibility timeout, and moved to the
/// dead-letter queue on their <c>maxReceiveCount</c>th receive. Continuations the function sends come back
/// through the same queue. Every wait is on the queue's clock, so a scaled clock runs the mapping faster too.
/// Lambda's recursive loop detection is not played: the template allows the loop.
/// </summary>
public sealed class QueueEventSource(LocalRequestQueue queue, TemplateRules rules, TimeProvider clock)
{
    private static readonly TimeSpan Idle = TimeSpan.FromMilliseconds(20);

    private readonly List<QueuedMessage> _deadLettered = [];

    public EventSourceStats Stats { get; } = new();

    public IReadOnlyList<QueuedMessage> DeadLettered => _deadLettered;

    /// <summary>
    /// Feeds the queue to <paramref name="fleet"/> until it is empty with nothing in flight and
    /// <paramref name="isDone"/> holds, or <paramref name="limit"/> (real time) passes: false then.
    /// </summary>
    public async Task<bool> RunAsync(FunctionFleet fleet, TimeSpan invocationTimeout, Func<bool> isDone, TimeSpan limit, CancellationToken cancellationToken = default)
    {
        var inFlight = new List<Task>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(limit);
        try
        {
            while (true)
            {
                inFlight.RemoveAll(task => task.IsCompleted);
                if (inFlight.Count == 0 && queue.Count == 0 && isDone())
                {
                    return true;
                }

                if (fleet.HasRoom && queue.NextVisibleAt is { } visibleAt && visibleAt <= clock.GetUtcNow())
                {
                    // Room is checked first, so an environment is there for the batch gathered.
                    var rig = await fleet.TakeAsync(stop.Token).ConfigureAwait(false) ?? throw new InvalidOperationException("The fleet had room but gave no environment.");
                    inFlight.Add(InvokeAsync(fleet, rig, await GatherAsync(stop.Token).ConfigureAwait(false), invocationTimeout));
                    continue;
                }

                var wake = new List<Task>(inFlight) { Task.Delay(Idle, stop.Token) };
                await Task.WhenAny(wake).ConfigureAwait(false);
                stop.Token.ThrowIfCancellationRequested();
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Up to a batch of visible messages, waiting at most the batching window (on the queue's clock) to fill it.</summary>
    private async Task<List<QueuedMessage>> GatherAsync(CancellationToken cancellationToken)
    {
        var batch = new List<QueuedMessage>(queue.ReceiveVisible(rules.BatchSize));
        var windowEnds = clock.GetUtcNow() + rules.BatchingWindow;
        while (batch.Count < rules.BatchSize && clock.GetUtcNow() < windowEnds)
        {
            await Task.Delay(Idle, clock, cancellationToken).ConfigureAwait(false);
            batch.AddRange(queue.ReceiveVisible(rules.BatchSize - batch.Count));
        }

        return batch;
    }

    private async Task InvokeAsync(FunctionFleet fleet, LocalRig rig, List<QueuedMessage> batch, TimeSpan timeout)
    {
        var receivedAt = clock.GetUtcNow();
        var payload = SqsEventJson.Utf8(batch.Select(message => SqsEventRecord.Delivered(message, receivedAt)));
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var invocation = rig.InvokeAsync(payload, timeout);
        var finished = await Task.WhenAny(invocation, rig.Host.Exited).ConfigureAwait(false);
        var replace = finished != invocation;
        var result = replace ? null : await invocation.ConfigureAwait(false);
        replace |= result?.TimedOut == true;
        Stats.Invoked(batch.Count, result, replace, System.Diagnostics.Stopwatch.GetElapsedTime(started));
        var failed = result is null || result.IsError ? [.. batch.Select(m => m.MessageId)] : BatchItemFailures(result.Body);
        foreach (var message in batch.Where(m => failed.Contains(m.MessageId)))
        {
            Stats.FailedRecords++;
            if (message.ReceiveCount + 1 >= rules.MaxReceiveCount)
            {
                _deadLettered.Add(message);
            }
            else
            {
                queue.ReturnAfter(message, rules.VisibilityTimeout);
            }
        }

        await fleet.ReturnAsync(rig, replace).ConfigureAwait(false);
    }

    private static HashSet<string> BatchItemFailures(byte[] response)
    {
        using var document = JsonDocument.Parse(response);
        return document.RootElement.TryGetProperty("batchItemFailures", out var failures)
            ? [.. failures.EnumerateArray().Select(f => f.GetProperty("itemIdentifier").GetString()!)]
            : [];
    }
}

/// <summary>What the event source did: invocations and their billed time, failures, replaced environments.</summary>
public sealed class EventSourceStats
{
    private long _billedMilliseconds;

    public int Invocations { get; private set; }

    public int Records { get; private set; }

    public int FailedRecords { get; set; }

    public int InvocationErrors { get; private set; }

    /// <summary>Environments replaced after a crash or a timeout.</summary>
    public int Replaced { get; private set; }

    /// <summary>Sum of invocation durations (real time), each rounded up to the millisecond as Lambda bills them.</summary>
    public TimeSpan Billed => TimeSpan.FromMilliseconds(Interlocked.Read(ref _billedMilliseconds));

    internal void Invoked(int records, InvocationResult? result, bool replaced, TimeSpan duration)
    {
        lock (this)
        {
            Invocations++;
            Records += records;
            InvocationErrors += result is null || result.IsError ? 1 : 0;
            Replaced += replaced ? 1 : 0;
        }

        Interlocked.Add(ref _billedMilliseconds, (long)Math.Ceiling(duration.TotalMilliseconds));
    }
}
