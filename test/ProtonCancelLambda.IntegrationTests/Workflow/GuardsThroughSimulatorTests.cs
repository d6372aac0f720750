using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using ProtonCancelLambda.Aws.Clients;
using ProtonCancelLambda.Configuration;
using ProtonCancelLambda.IntegrationTests.Infrastructure;
using ProtonCancelLambda.Local.Services;
using ProtonCancelLambda.Local.Simulator;
using ProtonCancelLambda.Local.Simulator.Scenario;
using ProtonCancelLambda.Logging;
using ProtonCancelLambda.Outcomes;
using ProtonCancelLambda.Pacing;
using ProtonCancelLambda.Requests;
using ProtonCancelLambda.Cancellation;

namespace ProtonCancelLambda.IntegrationTests.Workflow;

/// <summary>
/// The request-time guard and the reading of refusals, end to end against the Proton simulator: its
/// scenario sets when each deployment started (<c>lastDeploymentAttemptedAt</c>), refuses cancels
/// (<c>cancel.refuseWith</c>) and answers a cancel too late (<c>cancel.answerDelaySeconds</c>).
/// </summary>
public sealed class GuardsThroughSimulatorTests(PublishedBootstrap bootstrap)
{
    // SqsEvents.Record's SentTimestamp is 2025-11-24T16:00:00Z.
    private static readonly SimulationScenario Scenario = ScenarioFile.Parse("""
        { "environments": [
            { "name": "early-env", "lastAttemptedDeploymentId": "d-early", "lastDeploymentAttemptedAt": "2025-11-24T15:55:00Z", "cancel": { "afterSeconds": 1 } },
            { "name": "rolled-back-env", "lastAttemptedDeploymentId": "d-rollback", "lastDeploymentAttemptedAt": "2025-11-24T16:05:00Z" },
            { "name": "refusing-env", "lastAttemptedDeploymentId": "d-stuck", "cancel": { "refuseWith": "ValidationException" } } ] }
        """);

    [Fact]
    public async Task Batch_NewerDeploymentIsSkipped_RefusalIsAnError_OlderDeploymentIsCancelled()
    {
        await using var harness = await FunctionHarness.StartAsync(FunctionMode.InProcess, FunctionHarness.BaseEnvironment, bootstrap, Scenario);

        var result = await harness.InvokeAsync(SqsEvents.Batch(
            SqsEvents.Record("m-early", """{"environmentName":"early-env","requestId":"r-early"}"""),
            SqsEvents.Record("m-late", """{"environmentName":"rolled-back-env","requestId":"r-late"}"""),
            SqsEvents.Record("m-refused", """{"environmentName":"refusing-env","requestId":"r-refused"}""")));

        Assert.Equal("""{"batchItemFailures":[]}""", result.BodyText);
        var outcomes = harness.Outcomes.ToDictionary(o => o.GetProperty("requestId").GetString()!);
        Assert.Equal("CANCELLED", Kind(outcomes["r-early"]));
        Assert.Equal("SKIPPED", Kind(outcomes["r-late"]));
        Assert.Equal(
            "deployment d-rollback started at 2025-11-24T16:05:00.000Z, after the request was made at 2025-11-24T16:00:00.000Z",
            outcomes["r-late"].GetProperty("error").GetString());
        Assert.Null(harness.Simulator.Timeline("rolled-back-env")?.CancelRequestedAt);
        Assert.Equal("ERROR", Kind(outcomes["r-refused"]));
        Assert.Equal("IN_PROGRESS", outcomes["r-refused"].GetProperty("deploymentStatus").GetString());
        Assert.StartsWith("ValidationException: Proton refused the cancel while deployment d-stuck is still IN_PROGRESS", outcomes["r-refused"].GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CancelWhoseAnswerOutlivesTheAttemptTimeout_IsRetried_AndReportedAsThisRequestsCancellation()
    {
        const string name = "slow-answer-env";
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var scenario = ScenarioFile.Parse($$"""
            { "environments": [ { "name": "{{name}}", "lastAttemptedDeploymentId": "d-0001", "cancel": { "settlesAs": "CANCELLED", "afterSeconds": 1, "answerDelaySeconds": 60 } } ] }
            """);
        await using var simulator = await AwsSimulator.StartAsync(new SimulatorOptions { Scenario = scenario, Clock = clock, SigningClock = clock });
        var environment = new DictionaryEnvironmentVariables(new Dictionary<string, string>
        {
            ["AWS_ACCESS_KEY_ID"] = "test",
            ["AWS_SECRET_ACCESS_KEY"] = "test",
            ["AWS_ENDPOINT_URL_PROTON"] = simulator.Endpoint.ToString(),
        });
        var logger = new LambdaLogger(TextWriter.Null, LogOptions.Default, clock);
        var proton = AwsClientFactory.CreateProton(environment, "us-east-1", clock);
        var parsed = RequestParser.ParseBody($$"""{"environmentName":"{{name}}","requestId":"r-slow"}""", "m-1");
        var delivery = Delivery.Create(RequestSources.Sqs, "m-1", parsed, clock.GetUtcNow(), InvocationDeadlines.From(clock.GetUtcNow() + TimeSpan.FromSeconds(60), clock.GetUtcNow()));
        var outcomes = new OutcomeFactory(delivery, clock);

        var step = await DriveAsync(clock, new CheckAndCancel(proton, clock, logger).RunAsync(delivery, delivery.Request!, null, outcomes, CancellationToken.None));
        var begins = Assert.IsType<WatchBegins>(step);
        var watch = new WatchLoop(proton, null, new CancellationOptions(TimeSpan.FromSeconds(15), TimeSpan.FromHours(1)), new PollSchedule(TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(30), () => 0.5), new UnlimitedBudget(clock), clock, logger);
        var result = await DriveAsync(clock, watch.RunAsync(delivery, delivery.Request!, begins.Watch, begins.LastSeen, outcomes, CancellationToken.None));

        // The first cancel was carried out but answered after the client's 10 s attempt timeout; the retry was
        // refused because the deployment was by then CANCELLED, by this very request.
        var outcome = Assert.IsType<Decided>(result).Outcome;
        Assert.Equal(OutcomeKinds.Cancelled, outcome.Kind);
        Assert.Equal("d-0001", outcome.DeploymentId);
        Assert.Equal(2, simulator.Calls.CancelEnvironmentDeployment);
    }

    /// <summary>
    /// Moves the fake clock in 50 ms steps until <paramref name="task"/> completes; fails, instead of waiting without
    /// limit, when it has not completed after 20,000 steps (1,000 s of fake time, far past the 60 s deadline).
    /// </summary>
    private static async Task<T> DriveAsync<T>(FakeTimeProvider clock, Task<T> task)
    {
        const int Steps = 20_000;
        for (var step = 0; !task.IsCompleted && step < Steps; step++)
        {
            await Task.Delay(1);
            if (!task.IsCompleted)
            {
                clock.Advance(TimeSpan.FromMilliseconds(50));
            }
        }

        Assert.True(task.IsCompleted, $"the workflow had not finished after {Steps} steps of 50 ms of fake time");
        return await task;
    }

    private static string? Kind(JsonElement outcome) => outcome.GetProperty("outcome").GetString();
}
