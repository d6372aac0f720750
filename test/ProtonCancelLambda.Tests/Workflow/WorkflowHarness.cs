using System.IO;
using Microsoft.Extensions.Time.Testing;
using ProtonCancelLambda.Handling;
using ProtonCancelLambda.Logging;
using ProtonCancelLambda.Metrics;
using ProtonCancelLambda.Requests;
using ProtonCancelLambda.RuntimeApi;
using ProtonCancelLambda.Workflow;

namespace ProtonCancelLambda.Tests.Workflow;

/// <summary>The request processor wired to fakes on a fake clock; time moves only when the harness moves it.</summary>
internal sealed class WorkflowHarness
{
    public WorkflowHarness(bool withQueue = true, TimeSpan? pollWindow = null, TimeSpan? maxWatch = null, TimeSpan? invocationTimeout = null, IWatchCheckpoint? checkpoint = null)
    {
        Proton = new FakeProton(Clock);
        Queue = withQueue ? new RecordingContinuationQueue() : null;
        InvocationTimeout = invocationTimeout ?? TimeSpan.FromSeconds(60);
        var logger = new LambdaLogger(Log, new LogOptions(Json: true, LogLevel.Debug), Clock);
        Metrics = new OutcomeMetrics(logger, Clock);
        var options = new WorkflowOptions(pollWindow ?? TimeSpan.FromSeconds(30), maxWatch ?? TimeSpan.FromHours(1));
        var workflow = new CancellationWorkflow(Proton, Queue, options, new PollSchedule(TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(30), () => 0.5), Clock, logger, checkpoint);
        Processor = new CancelRequestProcessor(workflow, Publisher, Queue, Metrics, Clock, logger);
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero));

    public FakeProton Proton { get; }

    public RecordingOutcomePublisher Publisher { get; } = new();

    public RecordingContinuationQueue? Queue { get; }

    public OutcomeMetrics Metrics { get; }

    public StringWriter Log { get; } = new();

    public CancelRequestProcessor Processor { get; }

    public TimeSpan InvocationTimeout { get; }

    /// <summary>A decorator to run the processor through (the idempotency step, for instance).</summary>
    public Func<IRequestProcessor, IRequestProcessor>? Wrap { get; init; }

    public Task<ProcessingResult> RunAsync(string body, string deliveryId = "m-1", string source = RequestSources.Sqs) =>
        RunAsync(new IncomingRequest(source, deliveryId, RequestParser.ParseBody(body, deliveryId), Clock.GetUtcNow()));

    /// <summary>Runs one request, moving the fake clock in small steps until it is done.</summary>
    public async Task<ProcessingResult> RunAsync(IncomingRequest request)
    {
        var context = new InvocationContext("invocation-1", Clock.GetUtcNow() + InvocationTimeout, null, null);
        var task = (Wrap?.Invoke(Processor) ?? Processor).ProcessAsync(request, context, CancellationToken.None);
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
        var body = ProtonCancelLambda.Continuation.SqsContinuationQueue.ToBody(scheduled.Continuation);
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
