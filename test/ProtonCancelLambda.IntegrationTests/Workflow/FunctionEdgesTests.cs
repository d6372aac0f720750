using ProtonCancelLambda.IntegrationTests.Infrastructure;
using ProtonCancelLambda.Local.Simulator.Scenario;
using ProtonCancelLambda.Local.Sns;

namespace ProtonCancelLambda.IntegrationTests.Workflow;

/// <summary>
/// The function's edges checked against something independent of the code under test: the simulator's own
/// count of throttled calls, the simulator's own (skewed) server clock, and SNS failures seen through the
/// real batch response.
/// </summary>
public sealed class FunctionEdgesTests(PublishedBootstrap bootstrap)
{
    [Theory]
    [InlineData(FunctionMode.InProcess)]
    [InlineData(FunctionMode.Aot)]
    public async Task TransientFaultsRetried_EqualsTheCallsTheSimulatorThrottled(FunctionMode mode)
    {
        var scenario = ScenarioFile.Parse("""
            { "environments": [ { "name": "throttled-env", "cancel": { "afterSeconds": 1 } } ],
              "faults": { "throttleEveryNth": 2 } }
            """);
        await using var harness = await FunctionHarness.StartAsync(mode, FunctionHarness.BaseEnvironment, bootstrap, scenario);

        var result = await harness.InvokeSqsAsync("""{"environmentName":"throttled-env","requestId":"r-throttled"}""");

        Assert.Equal("""{"batchItemFailures":[]}""", result.BodyText);
        Assert.Equal("CANCELLED", Assert.Single(harness.Outcomes).GetProperty("outcome").GetString());
        var throttled = harness.Simulator.Calls.Throttled;
        Assert.True(throttled > 0, "the scenario throttles every 2nd call");
        var retried = harness.JsonLogs.Where(line => line.TryGetProperty("TransientFaultsRetried", out _)).Sum(line => line.GetProperty("TransientFaultsRetried").GetInt32());
        Assert.Equal(throttled, retried);
    }

    [Theory]
    [InlineData(20)]
    [InlineData(-20)]
    public async Task ServerClockOffByTwentyMinutes_RequestsAreReSignedWithTheServersTime(int minutes)
    {
        var serverClock = new OffsetClock(TimeSpan.FromMinutes(minutes));
        await using var harness = await FunctionHarness.StartAsync(FunctionMode.InProcess, FunctionHarness.BaseEnvironment, bootstrap, simulatorSigningClock: serverClock);

        var result = await harness.InvokeSqsAsync("""{"environmentName":"skewed-env","requestId":"r-skewed"}""");

        Assert.Equal("""{"batchItemFailures":[]}""", result.BodyText);
        Assert.Equal("CANCELLED", Assert.Single(harness.Outcomes).GetProperty("outcome").GetString());
        Assert.Contains(harness.JsonLogs, line => line.GetProperty("message").GetString()?.Contains("InvalidSignatureException", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task SnsDownForGood_TheRejectedRecordIsReportedInBatchItemFailures_TheOthersAreNot()
    {
        await using var harness = await FunctionHarness.StartAsync(FunctionMode.InProcess, FunctionHarness.BaseEnvironment, bootstrap);
        harness.Simulator.SnsFaults.Set(SnsFaultKind.InternalError);

        var result = await harness.InvokeAsync(SqsEvents.Batch(SqsEvents.Record("m-unpublishable", "not json")), TimeSpan.FromSeconds(20));

        Assert.False(result.IsError, result.BodyText);
        Assert.Equal("""{"batchItemFailures":[{"itemIdentifier":"m-unpublishable"}]}""", result.BodyText);
        Assert.Empty(harness.Outcomes);
        Assert.Empty(harness.Simulator.Timelines);
    }

    /// <summary>The simulator's server time, some minutes away from the function's.</summary>
    private sealed class OffsetClock(TimeSpan offset) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
    }
}
