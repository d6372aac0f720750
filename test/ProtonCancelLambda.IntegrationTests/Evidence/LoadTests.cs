using System.Diagnostics;
using ProtonCancelLambda.IntegrationTests.Infrastructure;
using ProtonCancelLambda.Local.Simulator.Scenario;

namespace ProtonCancelLambda.IntegrationTests.Evidence;

/// <summary>
/// Issue 6, item 3: many requests through the moto queue while the simulator throttles every 3rd Proton
/// call. All complete and none is lost; API calls and throttles are printed. CI runs 100 requests;
/// <c>bench/fault-matrix.sh</c> runs 500 (EVIDENCE_SCALE=5).
/// </summary>
[Collection(EvidenceCollection.Name)]
public sealed class LoadTests(MotoServerFixture moto, PublishedBootstrap bootstrap)
{
    [Fact]
    public async Task Load_UnderSteadyThrottling_AllCompleteNoneLost()
    {
        moto.RequireRunning();

        // Batches of 50 (the mapping gathers several receives, as with a batching window), 25 at a time.
        var scenario = new FaultScenario("load")
        {
            Requests = 100 * EvidenceScale.Factor,
            Faults = new ScenarioFaults { ThrottleEveryNth = 3 },
            BatchSize = 50,
            MaxConcurrency = 25,
        };
        using var source = await SqsEventSource.CreateAsync(moto, "load", visibilityTimeoutSeconds: 2);
        await using var rig = await EvidenceRig.StartAsync("load", bootstrap, scenario.ToSimulation(), scenario.Environment(moto, source.QueueUrl));
        var requestIds = scenario.EnvironmentNames.Select(FaultScenario.RequestIdFor).ToHashSet();
        await source.SendAsync(scenario.Bodies());

        var clock = Stopwatch.StartNew();
        await source.RunAsync(rig, new PumpOptions(scenario.BatchSize, scenario.InvocationTimeout), () => FaultMatrixTests.AllAnswered(rig, requestIds), TimeSpan.FromSeconds(120) * EvidenceScale.Factor);

        var summary = EvidenceSummary.Tally("load", requestIds, FaultMatrixTests.Notifications(rig), (id, published) => scenario.Judge(published, source.Stats.DeliveriesOf(id)))
            .WithCalls(rig.Simulator.Calls, source.Stats, clock.Elapsed);
        summary = (summary with { Title = "load, every 3rd Proton call throttled", Highlights = ["protonCalls", "throttled"] })
            .WithDuplicates(0)
            .WithOutcomes(new Dictionary<string, int> { ["CANCELLED"] = scenario.Requests })
            .WithCancelsAtMost(rig, _ => 1);
        summary.Report();
        Assert.Equal(0, summary.Lost);
        Assert.Empty(summary.Violations);
        Assert.Equal(0, source.Stats.Crashes);
        Assert.True(rig.Simulator.Calls.Throttled > 0, "the scenario throttled nothing: it tested nothing");
    }
}
