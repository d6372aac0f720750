namespace ProtonCancelLambda.Tests.Races;

/// <summary>
/// Issue 19 B9. Request times with whole-second precision (EventBridge <c>time</c>, <c>date +%SZ</c>) against a
/// deployment that started within that same second. The decision: a whole-second time is read as the first instant
/// of its second (the request may have been made at 10:00:00.000), so a deployment that started at 10:00:00.400
/// may have started after the request and is not cancelled: SKIPPED, with an error that says why and how to
/// avoid it (milliseconds in requestedAt, or expectedDeploymentId). A request that names that deployment by
/// expectedDeploymentId is cancelled: the producer saw its id, so it started before the request.
/// </summary>
public class WholeSecondRequestTimeTests
{
    private static readonly DateTimeOffset Second = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task EventBridgeTime_DeploymentStartedWithinTheSameSecond_IsSkippedWithAdvice()
    {
        var rig = Rig();

        await rig.InvokeAsync(RaceEvents.EventBridge(Second, """{"environmentName":"prod-network","requestId":"rb-second"}"""));

        AssertSkippedWithAdvice(rig);
    }

    [Fact]
    public async Task WholeSecondRequestedAt_DeploymentStartedWithinTheSameSecond_IsSkippedWithAdvice()
    {
        var rig = Rig();

        // `date -u +%Y-%m-%dT%H:%M:%SZ`, sent 900 ms into the second.
        await rig.InvokeAsync(SqsEvents.Batch(SqsEvents.Record("m-1", RaceEvents.Request("rb-second", requestedAtText: "2026-11-24T10:00:00Z"), sentAt: Second.AddMilliseconds(900))));

        AssertSkippedWithAdvice(rig);
    }

    [Fact]
    public async Task EventBridgeTime_DeploymentNamedByExpectedDeploymentId_StartedWithinTheSameSecond_IsCancelled()
    {
        var rig = Rig();

        await rig.InvokeAsync(RaceEvents.EventBridge(Second, """{"environmentName":"prod-network","requestId":"rb-second","expectedDeploymentId":"d-0001"}"""));

        var outcome = Assert.Single(rig.Outcomes);
        Assert.True(
            outcome.GetProperty("outcome").GetString() == "CANCELLED",
            $"the request names d-0001, so its producer saw it before the request: it must be cancelled, but published: {outcome}");
        Assert.Equal(1, rig.Proton.CancelCount);
    }

    private static FunctionRig Rig()
    {
        var rig = new FunctionRig(new WaitAwareClock(Second.AddSeconds(1)));
        rig.Proton.Add("prod-network", deploymentId: "d-0001", startedAt: Second.AddMilliseconds(400));
        return rig;
    }

    private static void AssertSkippedWithAdvice(FunctionRig rig)
    {
        var outcome = Assert.Single(rig.Outcomes);
        Assert.Equal("SKIPPED", outcome.GetProperty("outcome").GetString());
        Assert.Equal(0, rig.Proton.CancelCount);
        var error = outcome.GetProperty("error").GetString() ?? string.Empty;
        Assert.True(
            error.Contains("whole second", StringComparison.OrdinalIgnoreCase) && error.Contains("expectedDeploymentId", StringComparison.Ordinal),
            $"the SKIPPED error must say the request time has whole-second precision and that expectedDeploymentId (or milliseconds) avoids it: {error}");
    }
}
