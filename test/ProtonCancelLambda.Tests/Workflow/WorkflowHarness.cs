using System.IO;
using Microsoft.Extensions.Time.Testing;
using ProtonCancelLambda.Cancellation;
using ProtonCancelLambda.Idempotency;
using ProtonCancelLambda.Logging;
using ProtonCancelLambda.Metrics;
using ProtonCancelLambda.Pacing;
using ProtonCancelLambda.Pipeline;
using ProtonCancelLambda.Requests;

namespace ProtonCancelLambda.Tests.Workflow;

/// <summary>The request pipeline wired to fakes on a fake clock; time moves only when the harness moves it.</summary>
internal sealed class WorkflowHarness
{
    public WorkflowHarness(bool withQueue = true, TimeSpan? pollWindow = null, TimeSpan? maxWatch = null, TimeSpan? invocationTimeout = null, IRequestRecord? record = null, System.Collections.Concurrent.ConcurrentQueue<string>? timeline = null)
    {
        Timeline = timeline ?? new();
        Proton = new FakeProton(Clock);
        Queue = withQueue ? new RecordingContinuationQueue { OnSend = Timeline.Enqueue } : null;
        Publisher = new RecordingOutcomePublisher { OnPublish = Timeline.Enqueue };
        InvocationTimeout = invocationTimeout ?? TimeSpan.FromSeconds(60);
        var logger = new LambdaLogger(Log, new LogOptions(Json: true, LogLevel.Debug), Clock);
        Metrics = new OutcomeMetrics(logger, Clock);
        var options = new CancellationOptions(pollWindow ?? TimeSpan.FromSeconds(30), maxWatch ?? TimeSpan.FromHours(1));
        Pipeline = new RequestPipeline(
            record ?? new NoRequestRecord(),
            new TurnBooking(new UnlimitedBudget(Clock), ProtonRates.Unpaced, Clock, () => 0.5),
            new CheckAndCancel(Proton, Clock, logger),
            new WatchLoop(Proton, Queue, options, new PollSchedule(TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(30), () => 0.5), new UnlimitedBudget(Clock), Clock, logger),
            Queue,
            Publisher,
            new RequestPipelineOptions(options.MaxWatch, RepublishDelay: TimeSpan.FromSeconds(30)),
            Metrics,
            Clock,
            logger);
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero));

    public FakeProton Proton { get; }

    public RecordingOutcomePublisher Publisher { get; }

    public RecordingContinuationQueue? Queue { get; }

    /// <summary>Sends and publishes as they happen; a recording record given the same queue adds its calls.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> Timeline { get; }

    public OutcomeMetrics Metrics { get; }

    public StringWriter Log { get; } = new();

    public RequestPipeline Pipeline { get; }

    public TimeSpan InvocationTimeout { get; }

    public Task<ProcessingResult> RunAsync(string body, string deliveryId = "m-1", string source = RequestSources.Sqs) =>
        RunAsync(RequestParser.ParseBody(body, deliveryId), deliveryId, source, Clock.GetUtcNow());

    public Task<ProcessingResult> RunAsync(RequestParseResult parsed, string deliveryId, string source, DateTimeOffset? transportTime) =>
        RunAsync(Delivery.Create(source, deliveryId, parsed, transportTime, Deadlines()));

    /// <summary>The deadlines of an invocation starting now.</summary>
    public InvocationDeadlines Deadlines() => InvocationDeadlines.From(Clock.GetUtcNow() + InvocationTimeout, Clock.GetUtcNow());

    /// <summary>Runs one delivery, moving the fake clock in small steps until it is done.</summary>
    public async Task<ProcessingResult> RunAsync(Delivery delivery)
    {
        var task = Pipeline.RunAsync(delivery, CancellationToken.None);
        for (var step = 0; !task.IsCompleted && step < 1_000_000; step++)
        {
            await Task.Yield();
            if (!task.IsCompleted)
            {
                Clock.Advance(TimeSpan.FromMilliseconds(50));
            }
        }

        return await task;
    }

    /// <summary>Delivers the last scheduled continuation after its delay, as SQS would.</summary>
    public async Task<ProcessingResult> DeliverContinuationAsync()
    {
        Assert.NotNull(Queue);
        Assert.True(Queue.Scheduled.TryDequeue(out var scheduled), "no continuation was scheduled");
        Clock.Advance(scheduled.Delay);
        var body = SqsContinuationQueue.ToBody(scheduled.Request, scheduled.Watch, null, null);
        return await RunAsync(body, "m-continuation");
    }

    /// <summary>
    /// Delivers continuations one after another until an outcome is published, each of which must complete;
    /// fails, rather than looping for ever, when nothing is published after <paramref name="maxDeliveries"/>.
    /// </summary>
    public async Task DeliverContinuationsUntilPublishedAsync(int maxDeliveries = 100)
    {
        for (var delivered = 0; Publisher.Published.IsEmpty; delivered++)
        {
            if (delivered == maxDeliveries)
            {
                Assert.Fail($"Nothing was published after {maxDeliveries} continuations.");
            }

            Assert.Equal(ProcessingResult.Completed, await DeliverContinuationAsync());
        }
    }
}
