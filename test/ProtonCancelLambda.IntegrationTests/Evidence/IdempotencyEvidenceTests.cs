using System.Diagnostics;
using System.Text.Json;
using ProtonCancelLambda.IntegrationTests.Infrastructure;
using ProtonCancelLambda.Local.Rig;
using ProtonCancelLambda.Local.Simulator.Metrics;
using ProtonCancelLambda.Local.Simulator.Scenario;

namespace ProtonCancelLambda.IntegrationTests.Evidence;

/// <summary>
/// Issue 12: the fault matrix's redelivery scenarios again, with the idempotency table (moto DynamoDB) as
/// template.yaml deploys it, through the AOT bootstrap and moto SQS. The rule is stricter than the matrix's:
/// exactly one notification per request, and it says CANCELLED. Counts go to artifacts/evidence.
/// </summary>
[Collection(EvidenceCollection.Name)]
public sealed class IdempotencyEvidenceTests(MotoServerFixture moto, PublishedBootstrap bootstrap)
{
    public static TheoryData<string> Scenarios => ["idempotent-duplicates-x3", "idempotent-killed-mid-batch", "idempotent-late-duplicate"];

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task RedeliveryScenario_WithTheTable_EveryRequestGetsExactlyOneCancelledOutcome(string name)
    {
        moto.RequireRunning();
        var summary = name switch
        {
            // Every request sent three times, shuffled: copies land in one batch and in later ones.
            "idempotent-duplicates-x3" => await RunAsync(new FaultScenario(name) { Copies = 3, Title = "every request delivered 3 times, with the idempotency table", Highlights = ["cancel"] }),

            // Killed once the first batch has cancelled and every watch has polled (settling takes 4 s). Its messages come
            // back after the 2 s visibility timeout, find their records held until the dead invocation's deadline
            // (10 s) plus the lease margin, come back again, then take over and resume the saved watch.
            "idempotent-killed-mid-batch" => await RunAsync(new FaultScenario(name)
            {
                SettleSeconds = 4, ExpectedCrashes = 1, InvocationTimeout = TimeSpan.FromSeconds(10),
                Title = "process killed mid-batch (while watching), with the idempotency table", Highlights = ["crashes", "cancel"],
            }),
            _ => await RunLateDuplicateAsync(new FaultScenario(name)
            {
                Title = "every request delivered again after all were answered (new process, deployments long settled), with the idempotency table",
                Highlights = ["lateDeliveries", "lateNotifications", "cancel"],
            }),
        };

        Assert.Equal(0, summary.Lost);
        Assert.Equal(0, summary.Duplicates);
        Assert.Empty(summary.Violations);
    }

    private async Task<EvidenceSummary> RunAsync(FaultScenario scenario)
    {
        using var source = await SqsEventSource.CreateAsync(moto, scenario.Name, visibilityTimeoutSeconds: 2);
        var table = await IdempotencyTables.CreateAsync(moto, scenario.Name);
        await using var rig = await EvidenceRig.StartAsync("matrix-" + scenario.Name, bootstrap, scenario.ToSimulation(), Environment(scenario, source, table));
        var requestIds = scenario.EnvironmentNames.Select(FaultScenario.RequestIdFor).ToHashSet();
        await source.SendAsync(scenario.Bodies());

        var clock = Stopwatch.StartNew();
        var killed = 0;
        Func<Task, Task>? duringInvoke = scenario.ExpectedCrashes == 0 ? null : async invocation =>
        {
            if (killed++ == 0)
            {
                await KillWhileWatchingAsync(rig, invocation, scenario.BatchSize);
            }
        };
        await source.RunAsync(rig, new PumpOptions(scenario.BatchSize, scenario.InvocationTimeout), () => FaultMatrixTests.AllAnswered(rig, requestIds), TimeSpan.FromSeconds(150) * EvidenceScale.Factor, duringInvoke);

        var summary = Tally(scenario, requestIds, FaultMatrixTests.Notifications(rig)).WithCalls(rig.Simulator.Calls, source.Stats, clock.Elapsed);
        var violations = summary.Violations.ToList();
        if (source.Stats.Crashes != scenario.ExpectedCrashes)
        {
            violations.Add($"the function process ended {source.Stats.Crashes} times; the scenario killed it {scenario.ExpectedCrashes} times");
        }

        if (rig.Simulator.Calls.CancelEnvironmentDeployment != requestIds.Count)
        {
            violations.Add($"{rig.Simulator.Calls.CancelEnvironmentDeployment} cancels for {requestIds.Count} requests: a duplicate cancelled again");
        }

        if (scenario.Copies > 1 && requestIds.FirstOrDefault(id => source.Stats.DeliveriesOf(id) < scenario.Copies) is { } underDelivered)
        {
            violations.Add($"{underDelivered} was delivered {source.Stats.DeliveriesOf(underDelivered)} times, fewer than its {scenario.Copies} copies: the scenario tested nothing");
        }

        summary = Checked(scenario, summary with { Violations = violations }, rig);
        summary.Report();
        return summary;
    }

    /// <summary>
    /// Every request answered, then every one delivered again "10 minutes later": a new execution environment
    /// and a Proton whose deployments have long settled CANCELLED, with only the table remembering. Without the
    /// table each late copy is answered NOT_IN_PROGRESS (one extra notification per request).
    /// </summary>
    private async Task<EvidenceSummary> RunLateDuplicateAsync(FaultScenario scenario)
    {
        var table = await IdempotencyTables.CreateAsync(moto, scenario.Name);
        var requestIds = scenario.EnvironmentNames.Select(FaultScenario.RequestIdFor).ToHashSet();
        var clock = Stopwatch.StartNew();
        List<JsonElement> first;
        using (var source = await SqsEventSource.CreateAsync(moto, scenario.Name, visibilityTimeoutSeconds: 2))
        {
            await using var rig = await EvidenceRig.StartAsync("matrix-" + scenario.Name, bootstrap, scenario.ToSimulation(), Environment(scenario, source, table));
            await source.SendAsync(scenario.Bodies());
            await source.RunAsync(rig, new PumpOptions(scenario.BatchSize, scenario.InvocationTimeout), () => FaultMatrixTests.AllAnswered(rig, requestIds), TimeSpan.FromSeconds(150) * EvidenceScale.Factor);
            first = [.. FaultMatrixTests.Notifications(rig)];
        }

        var settled = scenario.ToSimulation() with
        {
            Environments = [.. scenario.EnvironmentNames.Select(name => new ScenarioEnvironment { Name = name, DeploymentStatus = DeploymentStatuses.Cancelled, LastAttemptedDeploymentId = "d-" + name })],
        };
        using var lateSource = await SqsEventSource.CreateAsync(moto, scenario.Name + "-late", visibilityTimeoutSeconds: 2);
        await using var lateRig = await EvidenceRig.StartAsync("matrix-" + scenario.Name + "-late", bootstrap, settled, Environment(scenario, lateSource, table));
        await lateSource.SendAsync(scenario.Bodies());
        await lateSource.RunAsync(lateRig, new PumpOptions(scenario.BatchSize, scenario.InvocationTimeout), () => true, TimeSpan.FromSeconds(150) * EvidenceScale.Factor);
        var late = FaultMatrixTests.Notifications(lateRig).ToList();

        var summary = Tally(scenario, requestIds, first.Concat(late)).WithCalls(lateRig.Simulator.Calls, lateSource.Stats, clock.Elapsed);
        summary.Measures["lateDeliveries"] = requestIds.Sum(lateSource.Stats.DeliveriesOf);
        summary.Measures["lateNotifications"] = late.Count;
        var violations = summary.Violations.ToList();
        if (summary.Measures["lateDeliveries"] < requestIds.Count)
        {
            violations.Add($"only {summary.Measures["lateDeliveries"]} late copies were delivered: the scenario tested nothing");
        }

        if (lateRig.Simulator.Calls.CancelEnvironmentDeployment > 0)
        {
            violations.Add($"the late copies cancelled {lateRig.Simulator.Calls.CancelEnvironmentDeployment} times");
        }

        summary = Checked(scenario, summary with { Violations = violations }, lateRig);
        summary.Report();
        return summary;
    }

    /// <summary>The rows' rules: one CANCELLED notification per request, no extra one, no deployment cancelled twice.</summary>
    private static EvidenceSummary Checked(FaultScenario scenario, EvidenceSummary summary, LocalRig rig) =>
        (summary with { Title = scenario.Title, Highlights = scenario.Highlights })
            .WithDuplicates(0)
            .WithOutcomes(new Dictionary<string, int> { ["CANCELLED"] = scenario.Requests })
            .WithCancelsAtMost(rig, _ => 1);

    private static EvidenceSummary Tally(FaultScenario scenario, IReadOnlyCollection<string> requestIds, IEnumerable<JsonElement> notifications) =>
        EvidenceSummary.Tally("matrix-" + scenario.Name, requestIds, notifications, (_, published) =>
            published.Count != 1
                ? $"{published.Count} notifications ({string.Join(", ", published.Select(n => n.GetProperty("outcome").GetString()))}); the table allows one"
                : published[0].GetProperty("outcome").GetString() != "CANCELLED" || published[0].GetProperty("deploymentStatus").GetString() != "CANCELLED"
                    ? $"the notification is {published[0].GetProperty("outcome")}/{published[0].GetProperty("deploymentStatus")}: {published[0].GetProperty("error")}"
                    : null);

    private IReadOnlyDictionary<string, string> Environment(FaultScenario scenario, SqsEventSource source, string table) =>
        new Dictionary<string, string>(scenario.Environment(moto, source.QueueUrl))
        {
            ["IDEMPOTENCY_TABLE_NAME"] = table,
            ["AWS_ENDPOINT_URL_DYNAMODB"] = moto.Endpoint.ToString(),
        };

    /// <summary>
    /// Kills the process once its batch has cancelled (at least half a batch, and no new cancel for 300 ms) and
    /// every cancelled environment has been polled since: the watch is saved before its first poll, so every
    /// record then holds a checkpoint to resume from.
    /// </summary>
    private static async Task KillWhileWatchingAsync(LocalRig rig, Task invocation, int batchSize)
    {
        static bool Watching(EnvironmentTimeline timeline) =>
            timeline.CancelRequestedAt is { } cancelled && timeline.Observations.Any(o => o.At > cancelled);

        var (seen, stableSince) = (0, DateTimeOffset.UtcNow);
        for (var i = 0; i < 1000 && !invocation.IsCompleted; i++)
        {
            var cancelled = rig.Simulator.Timelines.Where(t => t.CancelRequestedAt is not null).ToList();
            if (cancelled.Count != seen)
            {
                (seen, stableSince) = (cancelled.Count, DateTimeOffset.UtcNow);
            }
            else if (seen >= batchSize / 2 && cancelled.All(Watching) && DateTimeOffset.UtcNow - stableSince > TimeSpan.FromMilliseconds(300))
            {
                await rig.StopFunctionAsync();
                return;
            }

            await Task.Delay(10);
        }
    }
}
