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

    public static async Task<Result> RunAsync()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var scenario = new SimulationScenario
        {
            Environments = [new ScenarioEnvironment { Name = Name, LastAttemptedDeploymentId = "d-0001", Cancel = new ScenarioCancel { AfterSeconds = 600 } }],
        };
        await using var simulator = await AwsSimulator.StartAsync(new SimulatorOptions { Scenario = scenario, Clock = clock, SigningClock = clock });
        var environment = new DictionaryEnvironmentVariables(new Dictionary<string, string>
        {
            ["AWS_ACCESS_KEY_ID"] = "test",
            ["AWS_SECRET_ACCESS_KEY"] = "test",
            ["AWS_ENDPOINT_URL_PROTON"] = simulator.Endpoint.ToString(),
        });
        var logger = new LambdaLogger(TextWriter.Null, LogOptions.Default, clock);
        var queue = new RedeliveringQueue();
        var defaults = new FunctionSettings { OutcomeTopicArn = FunctionVariables.DefaultTopicArn, Region = "us-east-1" };
        var workflow = new CancellationWorkflow(
            AwsClientFactory.CreateProton(environment, defaults.Region, clock),
            queue,
            WorkflowOptions.From(defaults),
            new PollSchedule(defaults.PollInitial, defaults.PollMax, new Random(1).NextDouble),
            clock,
            logger);

        var parsed = (AcceptedRequest)RequestParser.ParseBody(Fixtures.CancelBody(Name, "ten-minutes"), "m-1");
        var work = new WorkItem(parsed.Request, RequestSources.Sqs, clock.GetUtcNow());
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
