using ProtonCancelLambda.IntegrationTests.Infrastructure;

namespace ProtonCancelLambda.IntegrationTests.Evidence;

/// <summary>
/// The fault matrix's rows whose length is set by timers, not by work: SNS unreachable (an outage, then the
/// republish delay), SNS hanging near the deadline (attempt timeouts) and a watch of 20+ hand-overs (the
/// deployment settles after 45 s). Each runs on its own rig, queue and simulator, so they run side by side: the
/// waits overlap instead of adding up, and each is held to its row's rules exactly as when run alone.
/// </summary>
[Collection(EvidenceCollection.Name)]
public sealed class TimerBoundEvidenceTests(MotoServerFixture moto, PublishedBootstrap bootstrap)
{
    [Fact]
    public async Task SnsUnreachable_SnsHangs_TwentyHandOvers_SideBySide_EachEndsAsItsRowSays()
    {
        moto.RequireRunning();

        var summaries = await Task.WhenAll(
            FaultMatrixTests.RunAsync(moto, bootstrap, FaultMatrixTests.Define("sns-unreachable")),
            ChainFaultTests.SnsHangsNearTheDeadlineAsync(moto, bootstrap),
            ChainFaultTests.WatchOfTwentyHandOversAsync(moto, bootstrap));

        Assert.All(summaries, summary => Assert.True(summary.Lost == 0 && summary.Violations.Count == 0, summary.ToString()));
    }
}
