using System.Collections.Concurrent;
using ProtonCancelLambda.Aws;
using ProtonCancelLambda.Continuation;
using ProtonCancelLambda.Outcomes;

namespace ProtonCancelLambda.Tests.Workflow;

internal sealed class RecordingOutcomePublisher : IOutcomePublisher
{
    public ConcurrentQueue<Outcome> Published { get; } = new();

    public int FailuresLeft { get; set; }

    /// <summary>Every publish fails with this, when set (SNS refusing for good, say).</summary>
    public AwsServiceException? RefuseWith { get; set; }

    public ConcurrentQueue<DateTimeOffset> Deadlines { get; } = new();

    public Task PublishAsync(Outcome outcome, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        Deadlines.Enqueue(deadline);
        if (RefuseWith is { } refusal)
        {
            throw refusal;
        }

        if (FailuresLeft > 0)
        {
            FailuresLeft--;
            throw new AwsServiceException("NetworkError", "SNS unreachable", null, isRetryable: true);
        }

        Published.Enqueue(outcome);
        return Task.CompletedTask;
    }
}

internal sealed class RecordingContinuationQueue : IContinuationQueue
{
    public ConcurrentQueue<(ContinuationRequest Continuation, TimeSpan Delay)> Scheduled { get; } = new();

    public ConcurrentQueue<DateTimeOffset> Deadlines { get; } = new();

    public Task ScheduleAsync(ContinuationRequest continuation, TimeSpan delay, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        Deadlines.Enqueue(deadline);
        Scheduled.Enqueue((continuation, delay));
        return Task.CompletedTask;
    }
}
