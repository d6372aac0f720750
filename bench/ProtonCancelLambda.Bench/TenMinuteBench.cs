using Microsoft.Extensions.Time.Testing;
using ProtonCancelLambda.Aws.Clients;
using ProtonCancelLambda.Cancellation;
using ProtonCancelLambda.Configuration;
using ProtonCancelLambda.Idempotency;
using ProtonCancelLambda.Local.Rig;
using ProtonCancelLambda.Local.Simulator;
using ProtonCancelLambda.Local.Simulator.Scenario;
using ProtonCancelLambda.Logging;
using ProtonCancelLambda.Metrics;
using ProtonCancelLambda.Outcomes;
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

    public static async Task<Result> RunAsync()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var scenario = new SimulationScenario
        {
            Environments = [new ScenarioEnvironment { Name = Name, LastAttemptedDeploymentId = "d-0001", Cancel = new ScenarioCancel { AfterSeconds = 600 } }],
        };
        await using var simulator = await ProtonSimulator.StartAsync(new SimulatorOptions { Scenario = scenario, Clock = clock, SigningClock = clock });
        var environment = new DictionaryEnvironmentVariables(new Dictionary<string, string>
        {
            ["AWS_ACCESS_KEY_ID"] = "test",
            ["AWS_SECRET_ACCESS_KEY"] = "test",
            ["AWS_ENDPOINT_URL_PROTON"] = simulator.Endpoint.ToString(),
        });
        var logger = new LambdaLogger(TextWriter.Null, LogOptions.Default, clock);
        var queue = new RedeliveringQueue();
        var published = new LastOutcome();
        var defaults = new FunctionSettings { OutcomeTopicArn = FunctionVariables.DefaultTopicArn, Region = "us-east-1" };
        var proton = AwsClientFactory.CreateProton(environment, defaults.Region, clock);
        var pipeline = new RequestPipeline(
            new NoRequestRecord(),
            new CheckAndCancel(proton, clock, logger),
            new WatchLoop(proton, queue, CancellationOptions.From(defaults), new PollSchedule(defaults.PollInitial, defaults.PollMax, new Random(1).NextDouble), clock, logger),
            queue,
            published,
            RequestPipelineOptions.From(defaults),
            new OutcomeMetrics(logger, clock),
            clock,
            logger);

        var parsed = RequestParser.ParseBody(Fixtures.CancelBody(Name, "ten-minutes"), "m-1");
        var invocations = new List<Invocation>();
        for (var delivery = Deliver(parsed, clock); ; delivery = Deliver(new AcceptedRequest(queue.Request!, queue.Watch), clock))
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

    private static Delivery Deliver(RequestParseResult parsed, FakeTimeProvider clock) =>
        Delivery.Create(RequestSources.Sqs, "m-1", parsed, clock.GetUtcNow(), InvocationDeadlines.From(clock.GetUtcNow() + TimeSpan.FromSeconds(60), clock.GetUtcNow()));

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
