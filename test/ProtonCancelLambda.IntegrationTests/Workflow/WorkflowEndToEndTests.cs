using System.Text.Json;
using System.Text.Json.Nodes;
using ProtonCancelLambda.IntegrationTests.Infrastructure;
using ProtonCancelLambda.Local.Simulator.Scenario;

namespace ProtonCancelLambda.IntegrationTests.Workflow;

/// <summary>The product end to end: events in through the Runtime API emulator, Proton calls to the simulator, outcomes out.</summary>
public sealed class WorkflowEndToEndTests(PublishedBootstrap bootstrap)
{
    private static readonly SimulationScenario MixedScenario = ScenarioFile.Parse("""
        { "environments": [
            { "name": "prod-network", "lastAttemptedDeploymentId": "d-0001", "cancel": { "settlesAs": "CANCELLED", "afterSeconds": 1 } },
            { "name": "failing-env", "cancel": { "settlesAs": "FAILED", "afterSeconds": 1 } },
            { "name": "racing-env", "cancel": { "settlesAs": "SUCCEEDED", "afterSeconds": 1 } },
            { "name": "settled-env", "deploymentStatus": "SUCCEEDED" },
            { "name": "guarded-env", "lastAttemptedDeploymentId": "d-0002" },
            { "name": "denied-env", "failWith": "AccessDeniedException" } ] }
        """);

    [Theory]
    [InlineData(FunctionMode.InProcess)]
    [InlineData(FunctionMode.Aot)]
    [InlineData(FunctionMode.AotArm64)]
    public async Task MixedBatch_EveryRecordGetsTheOutcomeTheTableGives_AndNoneFails(FunctionMode mode)
    {
        await using var harness = await FunctionHarness.StartAsync(mode, FunctionHarness.BaseEnvironment, bootstrap, MixedScenario);

        var result = await harness.InvokeAsync(SqsEvents.Batch(
            SqsEvents.Record("m-cancel", """{"environmentName":"prod-network","requestId":"r-cancel","reason":"canary alarm","correlationId":"run-77"}"""),
            SqsEvents.Record("m-failed", """{"environmentName":"failing-env","requestId":"r-failed"}"""),
            SqsEvents.Record("m-race", """{"environmentName":"racing-env","requestId":"r-race"}"""),
            SqsEvents.Record("m-settled", """{"environmentName":"settled-env","requestId":"r-settled"}"""),
            SqsEvents.Record("m-skip", """{"environmentName":"guarded-env","requestId":"r-skip","expectedDeploymentId":"d-0001"}"""),
            SqsEvents.Record("m-missing", """{"environmentName":"no-such-env","requestId":"r-missing"}"""),
            SqsEvents.Record("m-denied", """{"environmentName":"denied-env","requestId":"r-denied"}"""),
            SqsEvents.Record("m-invalid", """{"environmentName":"bad name","requestId":"r-invalid"}"""),
            SqsEvents.Record("m-notjson", "this is not json")));

        Assert.False(result.IsError, result.BodyText);
        Assert.Equal("""{"batchItemFailures":[]}""", result.BodyText);
        var outcomes = harness.Outcomes.ToDictionary(o => o.GetProperty("requestId").GetString()!);
        Assert.Equal(9, harness.Outcomes.Count);
        Assert.Equal("CANCELLED", Kind(outcomes["r-cancel"]));
        Assert.Equal("CANCELLED", outcomes["r-cancel"].GetProperty("deploymentStatus").GetString());
        Assert.Equal("d-0001", outcomes["r-cancel"].GetProperty("deploymentId").GetString());
        Assert.Equal("run-77", outcomes["r-cancel"].GetProperty("correlationId").GetString());
        Assert.Equal("FAILED", Kind(outcomes["r-failed"]));
        Assert.Equal("SUCCEEDED", Kind(outcomes["r-race"]));
        Assert.Equal("NOT_IN_PROGRESS", Kind(outcomes["r-settled"]));
        Assert.Equal("SUCCEEDED", outcomes["r-settled"].GetProperty("deploymentStatus").GetString());
        Assert.Equal("SKIPPED", Kind(outcomes["r-skip"]));
        Assert.Equal("NOT_FOUND", Kind(outcomes["r-missing"]));
        Assert.Equal("ERROR", Kind(outcomes["r-denied"]));
        Assert.StartsWith("AccessDeniedException", outcomes["r-denied"].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal("REJECTED", Kind(outcomes["r-invalid"]));
        Assert.Contains("does not match", outcomes["r-invalid"].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal("REJECTED", Kind(outcomes["m-notjson"]));
        Assert.Contains("not valid JSON", outcomes["m-notjson"].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Null(harness.Simulator.Timeline("guarded-env")?.CancelRequestedAt);

        var attributes = harness.Simulator.SnsMessages.Single(m => m.Message.Contains("r-cancel", StringComparison.Ordinal)).MessageAttributes;
        Assert.Equal("CANCELLED", attributes["outcome"].StringValue);
        Assert.Equal("prod-network", attributes["environmentName"].StringValue);
        Assert.Equal("CANCELLED", attributes["deploymentStatus"].StringValue);
    }

    [Theory]
    [InlineData(FunctionMode.InProcess)]
    [InlineData(FunctionMode.Aot)]
    [InlineData(FunctionMode.AotArm64)]
    public async Task EventBridgeEvent_IsCancelled_WithTheEventIdAsRequestId(FunctionMode mode)
    {
        await using var harness = await FunctionHarness.StartAsync(mode, FunctionHarness.BaseEnvironment, bootstrap, MixedScenario);

        var result = await harness.InvokeAsync(EventBridgeEvents.CancelRequested("evt-42", JsonNode.Parse("""{"environmentName":"prod-network","reason":"alarm"}""")));

        Assert.False(result.IsError, result.BodyText);
        var outcome = Assert.Single(harness.Outcomes);
        Assert.Equal("CANCELLED", Kind(outcome));
        Assert.Equal("evt-42", outcome.GetProperty("requestId").GetString());
        Assert.Equal("eventbridge", outcome.GetProperty("source").GetString());
        Assert.Equal("2026-11-24T10:00:00.000Z", outcome.GetProperty("requestedAt").GetString());
    }

    [Fact]
    public async Task DuplicateDeliveries_InOneBatch_EachAsksToCancel_AndEachPublishesCancelled()
    {
        await using var harness = await FunctionHarness.StartAsync(FunctionMode.InProcess, FunctionHarness.BaseEnvironment, bootstrap, MixedScenario);
        const string body = """{"environmentName":"prod-network","requestId":"r-dup"}""";

        var result = await harness.InvokeAsync(SqsEvents.Batch(SqsEvents.Record("m-1", body), SqsEvents.Record("m-2", body), SqsEvents.Record("m-3", body)));

        Assert.Equal("""{"batchItemFailures":[]}""", result.BodyText);
        Assert.Equal(3, harness.Outcomes.Count);
        Assert.All(harness.Outcomes, o => Assert.Equal("CANCELLED", Kind(o)));
        Assert.All(harness.Outcomes, o => Assert.Equal("d-0001", o.GetProperty("deploymentId").GetString()));

        // Nothing deduplicates deliveries: each one sends its own cancel. The first moves the deployment to
        // CANCELLING; the simulator answers the other two with a ValidationException (only an IN_PROGRESS
        // deployment can be cancelled), and those deliveries watch the same deployment to its end.
        Assert.Equal(3, harness.Simulator.Calls.CancelEnvironmentDeployment);
    }

    private static string? Kind(JsonElement outcome) => outcome.GetProperty("outcome").GetString();
}
