using System.Collections.Concurrent;
using ProtonCancelLambda.Aws;
using ProtonCancelLambda.Cancellation;
using ProtonCancelLambda.Outcomes;
using ProtonCancelLambda.Requests;

namespace ProtonCancelLambda.Tests.Workflow;

internal sealed class RecordingOutcomePublisher : IOutcomePublisher
{
    public ConcurrentQueue<Outcome> Published { get; } = new();

    public int FailuresLeft { get; set; }

    /// <summary>Every publish fails with this, when set (SNS refusing for good, say).</summary>
    public AwsServiceException? RefuseWith { get; set; }

    public ConcurrentQueue<DateTimeOffset> Deadlines { get; } = new();

    /// <summary>Called as each publish succeeds, so a test can put it in one timeline with the other calls.</summary>
    public Action<string>? OnPublish { get; init; }

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

        OnPublish?.Invoke($"Publish {outcome.RequestId} {outcome.Kind}");
        Published.Enqueue(outcome);
        return Task.CompletedTask;
    }
}

internal sealed class RecordingContinuationQueue : IContinuationQueue
{
    public ConcurrentQueue<(CancelRequest Request, WatchState Watch, TimeSpan Delay)> Scheduled { get; } = new();

    public ConcurrentQueue<DateTimeOffset> Deadlines { get; } = new();

    /// <summary>When set, every send fails with this (SQS throttling beyond retries, say).</summary>
    public AwsServiceException? FailWith { get; set; }

    /// <summary>Called as each send happens, so a test can put it in one timeline with the other calls.</summary>
    public Action<string>? OnSend { get; init; }

    public Task SendAsync(CancelRequest request, WatchState watch, TimeSpan delay, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        Deadlines.Enqueue(deadline);
        if (FailWith is { } failure)
        {
            throw failure;
        }

        OnSend?.Invoke($"Send {request.RequestId} {watch.Token ?? "-"}");
        Scheduled.Enqueue((request, watch, delay));
        return Task.CompletedTask;
    }

    public ConcurrentQueue<(CancelRequest Request, DateTimeOffset? RequestedAt, TimeSpan Delay)> PutBack { get; } = new();

    public Task PutBackAsync(CancelRequest request, DateTimeOffset? requestedAt, string putBackOf, TimeSpan delay, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        Deadlines.Enqueue(deadline);
        if (FailWith is { } failure)
        {
            throw failure;
        }

        OnSend?.Invoke($"PutBack {request.RequestId}");
        PutBack.Enqueue((request, requestedAt, delay));
        return Task.CompletedTask;
    }
}
