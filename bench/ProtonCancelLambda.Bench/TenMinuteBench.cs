using Microsoft.Extensions.Time.Testing;
using ProtonCancelLambda.Aws.Clients;
using ProtonCancelLambda.Cancellation;
using ProtonCancelLambda.Configuration;
using ProtonCancelLambda.Idempotency;
using ProtonCancelLambda.Local.Rig;
using ProtonCancelLambda.Local.Services;
using ProtonCancelLambda.Local.Simulator;
using ProtonCancelLambda.Local.Simulator.Scenario;
using ProtonCancelLambda.Logging;
using ProtonCancelLambda.Metrics;
using ProtonCancelLambda.Outcomes;
using ProtonCancelLambda.Pacing;
using ProtonCancelLambda.Pipeline;
using ProtonCancelLambda.Requests;

namespace ProtonCancelLambda.Bench;

/// <summary>
/// A cancellation that settles 600 s after the cancel, without waiting 10 minutes: the real
/// <see cref="RequestPipeline"/> and Proton client run against the simulator, both on one
/// <see cref="FakeTimeProvider"/>, with the production defaults (POLL_INITIAL_SECONDS 0.5,
/// POLL_MAX_SECONDS 30, POLL_WINDOW_SECONDS 15) and a continuation queue that redelivers after the delay
/// SQS would apply (whole seconds). Counts GetEnvironment calls, invocations, and the time each
/// invocation spent waiting between its own polls (billed time beyond its fixed cost).
/// </summary>
internal static class TenMinuteBench
{
    private const string Name = "ten-minute-env";

    /// <summary>Fake time moved per step; HTTP calls take a step or two of it.</summary>
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(50);

    public sealed record Invocation(int GetCalls, TimeSpan WaitingInside);

    public sealed record Result(int GetEnvironmentCalls, IReadOnlyList<Invocation> Invocations, string Outcome, TimeSpan? DetectionLag);

    /// <summary>The same cancellation watched inside one invocation: how long it ran on the fake clock, and its calls.</summary>
    public sealed record InsideResult(TimeSpan Watched, int GetEnvironmentCalls, string Outcome);

    private static readonly FunctionSettings Defaults = new() { OutcomeTopicArn = FunctionVariables.DefaultTopicArn, Region = "us-east-1" };

    public static async Task<Result> RunAsync()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var simulator = await StartSimulatorAsync(clock);
        var queue = new RedeliveringQueue();
        var published = new LastOutcome();
        var pipeline = Pipeline(simulator, clock, queue, CancellationOptions.From(Defaults), published);
        var parsed = RequestParser.ParseBody(Fixtures.CancelBody(Name, "ten-minutes"), "m-1");
        var invocations = new List<Invocation>();
        for (var delivery = Deliver(parsed, clock, TimeSpan.FromSeconds(60)); ; delivery = Deliver(new AcceptedRequest(queue.Request!, queue.Watch), clock, TimeSpan.FromSeconds(60)))
        {
            var before = simulator.Calls.GetEnvironment;
            queue.Watch = null;
            await DriveAsync(clock, pipeline.RunAsync(delivery, CancellationToken.None));
            var observations = simulator.Timeline(Name)!.Observations.Skip(before).ToList();
            var waiting = observations.Count > 1 ? observations[^1].At - observations[0].At : TimeSpan.Zero;
            invocations.Add(new Invocation(observations.Count, waiting));
            if (published.Outcome is { } outcome)
            {
                return new Result(simulator.Calls.GetEnvironment, invocations, outcome.Kind, simulator.Timeline(Name)!.DetectionLag);
            }

            // SQS takes whole seconds of DelaySeconds.
            clock.Advance(TimeSpan.FromSeconds(Math.Ceiling((queue.Watch is null ? throw new InvalidOperationException("Neither an outcome nor a continuation.") : queue.Delay!.Value).TotalSeconds)));
        }
    }

    /// <summary>
    /// The other side of the billing comparison, on the same fake clock: one invocation with Lambda's longest
    /// timeout (900 s), no continuation queue and a poll window as long, so it polls (POLL_INITIAL_SECONDS 0.5 to
    /// POLL_MAX_SECONDS 30) until it sees the deployment settled. Its billed duration is the watch plus the time to
    /// see the settling.
    /// </summary>
    public static async Task<InsideResult> RunInsideAsync()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var simulator = await StartSimulatorAsync(clock);
        var published = new LastOutcome();
        var pipeline = Pipeline(simulator, clock, null, new CancellationOptions(TimeSpan.FromSeconds(900), Defaults.MaxWatch), published);
        var start = clock.GetUtcNow();
        var parsed = RequestParser.ParseBody(Fixtures.CancelBody(Name, "ten-minutes"), "m-1");
        await DriveAsync(clock, pipeline.RunAsync(Deliver(parsed, clock, TimeSpan.FromSeconds(900)), CancellationToken.None));
        var outcome = published.Outcome ?? throw new InvalidOperationException("Expected the watch to finish inside the invocation.");
        return new InsideResult(clock.GetUtcNow() - start, simulator.Calls.GetEnvironment, outcome.Kind);
    }

    private static Task<AwsSimulator> StartSimulatorAsync(FakeTimeProvider clock) => AwsSimulator.StartAsync(new SimulatorOptions
    {
        Scenario = new SimulationScenario
        {
            Environments = [new ScenarioEnvironment { Name = Name, LastAttemptedDeploymentId = "d-0001", Cancel = new ScenarioCancel { AfterSeconds = 600 } }],
        },
        Clock = clock,
        SigningClock = clock,
    });

    /// <summary>The real pipeline without an idempotency table, its Proton client on the simulator and the fake clock.</summary>
    private static RequestPipeline Pipeline(AwsSimulator simulator, FakeTimeProvider clock, IContinuationQueue? queue, CancellationOptions options, IOutcomePublisher published)
    {
        var environment = new DictionaryEnvironmentVariables(new Dictionary<string, string>
        {
            ["AWS_ACCESS_KEY_ID"] = "test",
            ["AWS_SECRET_ACCESS_KEY"] = "test",
            ["AWS_ENDPOINT_URL_PROTON"] = simulator.Endpoint.ToString(),
        });
        var logger = new LambdaLogger(TextWriter.Null, LogOptions.Default, clock);
        var proton = AwsClientFactory.CreateProton(environment, Defaults.Region, clock);
        return new RequestPipeline(
            new NoRequestRecord(),
            new TurnBooking(new UnlimitedBudget(clock), ProtonRates.Unpaced, clock, new Random(1).NextDouble),
            new CheckAndCancel(proton, clock, logger),
            new WatchLoop(proton, queue, options, new PollSchedule(Defaults.PollInitial, Defaults.PollMax, new Random(1).NextDouble), new UnlimitedBudget(clock), clock, logger),
            queue,
            published,
            RequestPipelineOptions.From(Defaults),
            new OutcomeMetrics(logger, clock),
            clock,
            logger);
    }

    private static Delivery Deliver(RequestParseResult parsed, FakeTimeProvider clock, TimeSpan timeout) =>
        Delivery.Create(RequestSources.Sqs, "m-1", parsed, clock.GetUtcNow(), InvocationDeadlines.From(clock.GetUtcNow() + timeout, clock.GetUtcNow()));

    private static async Task<T> DriveAsync<T>(FakeTimeProvider clock, Task<T> task)
    {
        // A real millisecond between steps lets HTTP calls and timer continuations run before time moves on.
        while (!task.IsCompleted)
        {
            await Task.Delay(1);
            if (!task.IsCompleted)
            {
                clock.Advance(Step);
            }
        }

        return await task;
    }

    private sealed class RedeliveringQueue : IContinuationQueue
    {
        public CancelRequest? Request { get; private set; }

        public WatchState? Watch { get; set; }

        public TimeSpan? Delay { get; private set; }

        public Task SendAsync(CancelRequest request, WatchState watch, TimeSpan delay, DateTimeOffset deadline, CancellationToken cancellationToken)
        {
            (Request, Watch, Delay) = (request, watch, delay);
            return Task.CompletedTask;
        }

        // The bench runs unpaced: nothing is ever put back.
        public Task PutBackAsync(CancelRequest request, DateTimeOffset? requestedAt, string putBackOf, TimeSpan delay, DateTimeOffset deadline, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("an unpaced pipeline put a request back");
    }

    private sealed class LastOutcome : IOutcomePublisher
    {
        public Outcome? Outcome { get; private set; }

        public Task PublishAsync(Outcome outcome, DateTimeOffset deadline, CancellationToken cancellationToken)
        {
            Outcome = outcome;
            return Task.CompletedTask;
        }
    }
}
