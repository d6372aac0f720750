using System.Collections.Concurrent;
using ProtonCancelLambda.Handling;
using ProtonCancelLambda.RuntimeApi;

namespace ProtonCancelLambda.Tests.Handling;

/// <summary>A processor that records what it was given, can fail chosen requests, and measures concurrency.</summary>
internal sealed class RecordingProcessor : IRequestProcessor
{
    private int _running;

    public ConcurrentQueue<IncomingRequest> Seen { get; } = new();

    public HashSet<string> RetryLaterFor { get; init; } = [];

    public HashSet<string> ThrowFor { get; init; } = [];

    public TimeSpan WorkTime { get; init; } = TimeSpan.Zero;

    public int MaxObservedConcurrency { get; private set; }

    public async Task<ProcessingResult> ProcessAsync(IncomingRequest request, InvocationContext context, CancellationToken cancellationToken)
    {
        var running = Interlocked.Increment(ref _running);
        lock (Seen)
        {
            MaxObservedConcurrency = Math.Max(MaxObservedConcurrency, running);
        }

        try
        {
            Seen.Enqueue(request);
            if (WorkTime > TimeSpan.Zero)
            {
                await Task.Delay(WorkTime, cancellationToken);
            }

            if (ThrowFor.Contains(request.DeliveryId))
            {
                throw new InvalidOperationException("bug");
            }

            return RetryLaterFor.Contains(request.DeliveryId) ? ProcessingResult.RetryLater : ProcessingResult.Completed;
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }
}
