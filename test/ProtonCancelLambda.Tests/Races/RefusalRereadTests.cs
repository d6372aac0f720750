using ProtonCancelLambda.Aws.Proton;

namespace ProtonCancelLambda.Tests.Races;

/// <summary>
/// Issue 19 B5. When Proton refuses the cancel, the function reads the environment again; if a different deployment
/// than the one it looked at is now IN_PROGRESS or CANCELLING, that deployment is not this request's: it must not
/// be watched or reported as this request's own, and the outcome names both deployments.
/// </summary>
public class RefusalRereadTests
{
    [Theory]
    [InlineData(DeploymentStatuses.InProgress, "ConflictException")]
    [InlineData(DeploymentStatuses.Cancelling, null)]
    public async Task CancelRefused_RereadShowsAnotherDeployment_IsNotReportedAsThisRequests(string nowStatus, string? refusal)
    {
        var rig = new FunctionRig(new WaitAwareClock(SqsEvents.SentAt.AddSeconds(1)));
        rig.Proton.Add("prod-network", deploymentId: "d-0001", startedAt: SqsEvents.SentAt.AddMinutes(-5), refuseWith: refusal);

        // Between the look (d-0001 IN_PROGRESS) and the cancel, d-0001 ended and d-0002 started (and, in the
        // CANCELLING case, someone else cancelled it): the cancel is refused, the re-read shows d-0002.
        var started = false;
        rig.Proton.BeforeCancel = () =>
        {
            if (!started)
            {
                started = true;
                rig.Proton.StartNewDeployment("prod-network", "d-0002", nowStatus);
            }
        };

        await rig.InvokeAsync(SqsEvents.Batch(SqsEvents.Record("m-1", RaceEvents.Request("rb-reread"))));

        var outcome = Assert.Single(rig.Outcomes);
        var kind = outcome.GetProperty("outcome").GetString();
        var error = outcome.TryGetProperty("error", out var e) ? e.GetString() ?? string.Empty : string.Empty;
        Assert.True(
            kind is "ERROR" or "SKIPPED" && error.Contains("d-0001", StringComparison.Ordinal) && error.Contains("d-0002", StringComparison.Ordinal),
            $"the refusal re-read shows d-0002 {nowStatus}, not d-0001 which was looked at: expected ERROR or SKIPPED naming both, but published: {outcome}");
        Assert.Equal(1, rig.Proton.CancelCount);
    }
}
