using System.Collections.Concurrent;
using ProtonCancelLambda.Pipeline;
using ProtonCancelLambda.Requests;

namespace ProtonCancelLambda.Tests.Handling;

/// <summary>A pipeline that records what it was given, can fail chosen requests, and measures concurrency.</summary>
internal sealed class RecordingProcessor : IRequestPipeline
{
    private int _running;

    public ConcurrentQueue<Delivery> Seen { get; } = new();

    public HashSet<string> RetryLaterFor { get; init; } = [];

    public HashSet<string> ThrowFor { get; init; } = [];

    public TimeSpan WorkTime { get; init; } = TimeSpan.Zero;

    public int MaxObservedConcurrency { get; private set; }

    public async Task<ProcessingResult> RunAsync(Delivery request, CancellationToken cancellationToken)
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

            if (ThrowFor.Contains(request.Id))
            {
                throw new InvalidOperationException("bug");
            }

            return RetryLaterFor.Contains(request.Id) ? ProcessingResult.RetryLater : ProcessingResult.Completed;
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }
}
