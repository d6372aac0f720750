using Microsoft.Extensions.Time.Testing;
using ProtonCancelLambda.Aws;
using ProtonCancelLambda.Idempotency;
using ProtonCancelLambda.Continuation;
using ProtonCancelLambda.Logging;
using ProtonCancelLambda.Outcomes;
using ProtonCancelLambda.Requests;
using ProtonCancelLambda.Tests.Workflow;

namespace ProtonCancelLambda.Tests.Idempotency;

/// <summary>The record's writes around publishing and hand-over: publish then complete; send then hand over.</summary>
public sealed class IdempotentPublishingTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    private readonly RecordingIdempotencyStore _store = new();
    private readonly StringWriter _log = new();

    [Fact]
    public async Task Publish_MarksTheRecordCompletedAfterThePublish()
    {
        var sns = new RecordingOutcomePublisher();

        await Publisher(sns).PublishAsync(Outcome("rb-1", "CANCELLED"), Now.AddSeconds(30), CancellationToken.None);

        Assert.Single(sns.Published);
        Assert.Equal("Complete rb-1 CANCELLED", Assert.Single(_store.Calls));
    }

    [Fact]
    public async Task Publish_WhenSnsFails_LeavesTheRecordInProgress()
    {
        var sns = new RecordingOutcomePublisher { FailuresLeft = 1 };

        await Assert.ThrowsAsync<AwsServiceException>(() => Publisher(sns).PublishAsync(Outcome("rb-1", "CANCELLED"), Now.AddSeconds(30), CancellationToken.None));

        Assert.Empty(_store.Calls);
    }

    [Fact]
    public async Task Publish_WhenTheRecordCannotBeCompleted_StillSucceeds_SoTheOutcomeIsNotPublishedAgain()
    {
        var sns = new RecordingOutcomePublisher();
        _store.FailOn = "Complete";

        await Publisher(sns).PublishAsync(Outcome("rb-1", "CANCELLED"), Now.AddSeconds(30), CancellationToken.None);

        Assert.Single(sns.Published);
        Assert.Contains("published but the idempotency record could not be marked completed", _log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Schedule_SendsTheContinuationWithANewTokenThenHandsTheRecordToIt()
    {
        var sqs = new RecordingContinuationQueue();
        var queue = new IdempotentContinuationQueue(sqs, _store, () => "t-2");

        await queue.ScheduleAsync(Continuation("t-1"), TimeSpan.FromSeconds(40), Now.AddSeconds(30), CancellationToken.None);

        Assert.True(sqs.Scheduled.TryDequeue(out var sent));
        Assert.Equal("t-2", sent.Continuation.Request.Watch!.Token);
        Assert.Equal("HandOver rb-1 t-1 t-2", Assert.Single(_store.Calls));
    }

    [Fact]
    public async Task Schedule_WhenTheRecordDoesNotTakeTheToken_FailsSoTheDeliveryComesBack()
    {
        var sqs = new RecordingContinuationQueue();
        _store.FailOn = "HandOver";
        var queue = new IdempotentContinuationQueue(sqs, _store, () => "t-2");

        var failure = await Assert.ThrowsAsync<AwsServiceException>(() => queue.ScheduleAsync(Continuation(null), TimeSpan.FromSeconds(40), Now.AddSeconds(30), CancellationToken.None));

        Assert.True(failure.IsRetryable);
        Assert.Single(sqs.Scheduled);
    }

    private static Outcome Outcome(string requestId, string kind) => new() { RequestId = requestId, Kind = kind, EnvironmentName = "prod", Source = "sqs", CompletedAt = "2026-11-24T10:00:00.000Z" };

    private static ContinuationRequest Continuation(string? token) =>
        new(new CancelRequest { EnvironmentName = "prod", RequestId = "rb-1", Watch = new WatchState(Now.AddSeconds(-30), 5, "d-0001", Token: token) });

    private IdempotentOutcomePublisher Publisher(RecordingOutcomePublisher sns) =>
        new(sns, _store, new LambdaLogger(_log, new LogOptions(Json: false, LogLevel.Debug), new FakeTimeProvider(Now)));
}
