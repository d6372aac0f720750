using Microsoft.Extensions.Time.Testing;
using ProtonCancelLambda.Aws.Clients;
using ProtonCancelLambda.Configuration;
using ProtonCancelLambda.Continuation;
using ProtonCancelLambda.Local.Rig;
using ProtonCancelLambda.Local.Services;
using ProtonCancelLambda.Local.Simulator;
using ProtonCancelLambda.Local.Simulator.Scenario;
using ProtonCancelLambda.Logging;
using ProtonCancelLambda.Requests;
using ProtonCancelLambda.Workflow;

namespace ProtonCancelLambda.Bench;

/// <summary>
/// A cancellation that settles 600 s after the cancel, without waiting 10 minutes: the real
/// <see cref="CancellationWorkflow"/> and Proton client run against the simulator, both on one
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
        var workflow = Workflow(simulator, clock, queue, WorkflowOptions.From(Defaults));
        var work = FirstDelivery(clock);
        var invocations = new List<Invocation>();
        while (true)
        {
            var before = simulator.Calls.GetEnvironment;
            var result = await DriveAsync(clock, workflow.RunAsync(work, clock.GetUtcNow() + TimeSpan.FromSeconds(60), CancellationToken.None));
            var observations = simulator.Timeline(Name)!.Observations.Skip(before).ToList();
            var waiting = observations.Count > 1 ? observations[^1].At - observations[0].At : TimeSpan.Zero;
            invocations.Add(new Invocation(observations.Count, waiting));
            switch (result)
            {
                case HandedOver handedOver:
                    // SQS takes whole seconds of DelaySeconds.
                    clock.Advance(TimeSpan.FromSeconds(Math.Ceiling(handedOver.Delay.TotalSeconds)));
                    var continuation = queue.Last ?? throw new InvalidOperationException("HandedOver without a continuation.");
                    work = new WorkItem(continuation.Request, continuation.Request.Watch!.Source!, continuation.Request.Watch.RequestedAt);
                    break;
                case Finished finished:
                    return new Result(simulator.Calls.GetEnvironment, invocations, finished.Outcome.Kind, simulator.Timeline(Name)!.DetectionLag);
                default:
                    throw new InvalidOperationException($"Unexpected result {result}.");
            }
        }
    }

    /// <summary>
    /// The other side of the billing comparison, on the same fake clock: one invocation with Lambda's longest
    /// timeout (900 s) and a poll window as long, so it polls (POLL_INITIAL_SECONDS 0.5 to POLL_MAX_SECONDS 30)
    /// until it sees the deployment settled. Its billed duration is the watch plus the time to see the settling.
    /// </summary>
    public static async Task<InsideResult> RunInsideAsync()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var simulator = await StartSimulatorAsync(clock);
        var workflow = Workflow(simulator, clock, null, new WorkflowOptions(TimeSpan.FromSeconds(900), Defaults.MaxWatch));
        var start = clock.GetUtcNow();
        var result = await DriveAsync(clock, workflow.RunAsync(FirstDelivery(clock), start + TimeSpan.FromSeconds(900), CancellationToken.None));
        var finished = result as Finished ?? throw new InvalidOperationException($"Expected the watch to finish inside the invocation, got {result}.");
        return new InsideResult(clock.GetUtcNow() - start, simulator.Calls.GetEnvironment, finished.Outcome.Kind);
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

    private static CancellationWorkflow Workflow(AwsSimulator simulator, FakeTimeProvider clock, IContinuationQueue? queue, WorkflowOptions options)
    {
        var environment = new DictionaryEnvironmentVariables(new Dictionary<string, string>
        {
            ["AWS_ACCESS_KEY_ID"] = "test",
            ["AWS_SECRET_ACCESS_KEY"] = "test",
            ["AWS_ENDPOINT_URL_PROTON"] = simulator.Endpoint.ToString(),
        });
        return new CancellationWorkflow(
            AwsClientFactory.CreateProton(environment, Defaults.Region, clock),
            queue,
            options,
            new PollSchedule(Defaults.PollInitial, Defaults.PollMax, new Random(1).NextDouble),
            clock,
            new LambdaLogger(TextWriter.Null, LogOptions.Default, clock));
    }

    private static WorkItem FirstDelivery(FakeTimeProvider clock)
    {
        var parsed = (AcceptedRequest)RequestParser.ParseBody(Fixtures.CancelBody(Name, "ten-minutes"), "m-1");
        return new WorkItem(parsed.Request, RequestSources.Sqs, clock.GetUtcNow());
    }

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
        public ContinuationRequest? Last { get; private set; }

        public Task ScheduleAsync(ContinuationRequest continuation, TimeSpan delay, DateTimeOffset deadline, CancellationToken cancellationToken)
        {
            Last = continuation;
            return Task.CompletedTask;
        }
    }
}
