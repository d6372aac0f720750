using ProtonCancelLambda.Aws.Proton;
using ProtonCancelLambda.Configuration;

namespace ProtonCancelLambda.Tests.Races;

/// <summary>
/// Issue 19 B2. A continuation held back by a long SNS outage (republished until MAX_WATCH_SECONDS, then left to
/// redelivery and the DLQ) and redriven hours later is genuine: it must report what became of the deployment it
/// watched, read again, not REJECTED. Only a watch that cannot be genuine is still refused.
/// </summary>
public class RedriveAfterLongOutageTests
{
    private static readonly DateTimeOffset Since = SqsEvents.SentAt.AddSeconds(1);

    [Fact]
    public async Task Continuation_RedrivenHoursAfterMaxWatch_PublishesTheSettledStateReadAgain()
    {
        var rig = Rig(now: Since.AddHours(3));
        rig.Proton.Add("prod-network", status: DeploymentStatuses.Cancelled, deploymentId: "d-0001");

        var response = await rig.InvokeAsync(SqsEvents.Batch(SqsEvents.Record("m-redriven", Continuation(Since))));

        Assert.Empty(FunctionRig.Failures(response));
        var outcome = Assert.Single(rig.Outcomes);
        Assert.True(
            outcome.GetProperty("outcome").GetString() == "CANCELLED",
            $"a genuine continuation redriven 3 h after its watch began must report the deployment's settled state (CANCELLED), but published: {outcome}");
        Assert.Equal(("rb-outage", "d-0001"), (outcome.GetProperty("requestId").GetString(), outcome.GetProperty("deploymentId").GetString()));
        Assert.Equal(0, rig.Proton.CancelCount);
        Assert.True(rig.Proton.GetCount >= 1, "the deployment's state must be read again, not taken from the message");
    }

    [Fact]
    public async Task Continuation_WhoseSinceIsInTheFuture_IsStillRejected_WithoutAProtonCall()
    {
        var rig = Rig(now: Since);
        rig.Proton.Add("prod-network", status: DeploymentStatuses.Cancelled, deploymentId: "d-0001");

        await rig.InvokeAsync(SqsEvents.Batch(SqsEvents.Record("m-forged", Continuation(Since.AddHours(1)))));

        Assert.Equal("REJECTED", Assert.Single(rig.Outcomes).GetProperty("outcome").GetString());
        Assert.Empty(rig.Proton.Calls);
    }

    [Fact]
    public async Task WatchArrivingThroughEventBridge_IsStillRejected_WithoutAProtonCall()
    {
        var rig = Rig(now: Since.AddHours(3));
        rig.Proton.Add("prod-network", status: DeploymentStatuses.Cancelled, deploymentId: "d-0001");

        await rig.InvokeAsync(RaceEvents.EventBridge(Since, $$$"""{"environmentName":"prod-network","requestId":"rb-outage","watch":{"since":"{{{RaceEvents.Iso(Since)}}}","pollCount":3,"deploymentId":"d-0001"}}"""));

        Assert.Equal("REJECTED", Assert.Single(rig.Outcomes).GetProperty("outcome").GetString());
        Assert.Empty(rig.Proton.Calls);
    }

    private static FunctionRig Rig(DateTimeOffset now) => new(
        new WaitAwareClock(now),
        new Dictionary<string, string> { [SettingNames.RequestQueueUrl] = FunctionRig.QueueUrl, [SettingNames.MaxWatchSeconds] = "600" });

    /// <summary>A continuation body as the function writes it (schema v1 plus its watch).</summary>
    private static string Continuation(DateTimeOffset since) =>
        $$$"""{"environmentName":"prod-network","requestId":"rb-outage","reason":"canary alarm","watch":{"since":"{{{RaceEvents.Iso(since)}}}","pollCount":40,"deploymentId":"d-0001","source":"sqs","requestedAt":"{{{RaceEvents.Iso(SqsEvents.SentAt)}}}"}}""";
}

