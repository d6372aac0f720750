using System.Diagnostics;
using ProtonCancelLambda.IntegrationTests.Infrastructure;
using ProtonCancelLambda.Local.Rig;
using ProtonCancelLambda.Local.Simulator.Metrics;
using ProtonCancelLambda.Local.Simulator.Scenario;
using ProtonCancelLambda.Local.Sns;

namespace ProtonCancelLambda.IntegrationTests.Evidence;

/// <summary>
/// Issue 6, item 1: requests go through a moto SQS queue to the published AOT bootstrap while the simulator
/// (or the test) injects one kind of fault. Every request must end with exactly the outcome its scenario
/// gives, none may be lost, the extra notifications and the outcome mix must be exactly what the fault table
/// prints, and no deployment may be cancelled more often than its request was delivered (once, with one
/// delivery). Numbers are printed and written to artifacts/evidence.
/// </summary>
[Collection(EvidenceCollection.Name)]
public sealed class FaultMatrixTests(MotoServerFixture moto, PublishedBootstrap bootstrap)
{
    // sns-unreachable runs beside the other timer-bound scenarios (TimerBoundEvidenceTests).
    public static TheoryData<string> Scenarios => ["throttle-every-2nd", "server-errors-30pct", "latency-2s", "killed-mid-batch", "deadline-mid-poll", "duplicates-x3"];

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task FaultScenario_EveryRequestEndsCancelled_NoneLost(string name)
    {
        moto.RequireRunning();
        var scenario = Define(name);
        var summary = await RunAsync(moto, bootstrap, scenario);

        Assert.Equal(0, summary.Lost);
        Assert.Empty(summary.Violations);
    }

    /// <summary>The SNS outage, in seconds (sns-unreachable); the republish delay is shortened to fit it.</summary>
    internal const int SnsOutageSeconds = 10;

    internal static FaultScenario Define(string name) => name switch
    {
        "throttle-every-2nd" => new(name) { Faults = new ScenarioFaults { ThrottleEveryNth = 2 }, Title = "Proton throttles every 2nd call", Highlights = ["protonCalls", "throttled"] },
        "server-errors-30pct" => new(name) { Faults = new ScenarioFaults { ServerErrorRate = 0.3, Seed = 3 }, Title = "30% Proton 5xx", Highlights = ["protonCalls", "serverErrors"] },
        "latency-2s" => new(name) { Faults = new ScenarioFaults { LatencyMs = 2000 }, Title = "2 s added Proton latency", Highlights = ["protonCalls"] },

        // SNS drops every connection for 10 s: the first batch outlives its publish retries and hands its
        // watches to continuations (REPUBLISH_DELAY_SECONDS later: shortened here, 30 s deployed); the second batch's
        // retries outlast the outage.
        "sns-unreachable" => new(name)
        {
            Title = $"SNS unreachable {SnsOutageSeconds} s, then back (republish delay {FaultScenario.ShortRepublishDelaySeconds} s)",
            Highlights = ["continuations"],
            Settings = new Dictionary<string, string> { ["REPUBLISH_DELAY_SECONDS"] = FaultScenario.ShortRepublishDelaySeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        },

        // Settling takes 4 s, so the kill lands while the first batch polls. Its messages come back after
        // the 2 s visibility timeout to a new process; one that comes back after its deployment settled
        // finds nothing to cancel and reports NOT_IN_PROGRESS with deploymentStatus CANCELLED (the judge
        // allows that for redelivered requests only).
        "killed-mid-batch" => new(name) { SettleSeconds = 4, ExpectedCrashes = 1, Title = "process killed mid-batch, no idempotency table", Highlights = ["crashes"] },

        // A 7 s invocation's calls end 5.25 s in (its reserves scaled to a quarter, InvocationDeadlines); settling
        // takes 8 s, so every watch goes on in continuation messages, whenever in the invocation its cancel came.
        // With 5 s a cancel made in the first quarter second could be seen settled inside (one CI run: no
        // continuation at all, "the scenario tested nothing").
        "deadline-mid-poll" => new(name) { SettleSeconds = 8, InvocationTimeout = TimeSpan.FromSeconds(7), Title = "deadline reached mid-poll (7 s invocations)", Highlights = ["continuations"] },

        // No table: every copy is worked on from the start, so every delivery is answered.
        "duplicates-x3" => new(name) { Copies = 3, EveryDeliveryAnswered = true, Title = "every request delivered 3 times, no idempotency table", Highlights = ["cancel"] },
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown scenario"),
    };

    internal static async Task<EvidenceSummary> RunAsync(MotoServerFixture moto, PublishedBootstrap bootstrap, FaultScenario scenario)
    {
        using var source = await SqsEventSource.CreateAsync(moto, scenario.Name, visibilityTimeoutSeconds: 2);
        await using var rig = await EvidenceRig.StartAsync("matrix-" + scenario.Name, bootstrap, scenario.ToSimulation(), scenario.Environment(moto, source.QueueUrl));
        var requestIds = scenario.EnvironmentNames.Select(FaultScenario.RequestIdFor).ToHashSet();
        await source.SendAsync(scenario.Bodies());

        var clock = Stopwatch.StartNew();
        var outage = scenario.Name == "sns-unreachable" ? SnsOutageAsync(rig, TimeSpan.FromSeconds(SnsOutageSeconds)) : Task.CompletedTask;
        var killed = 0;
        Func<Task, Task>? duringInvoke = scenario.ExpectedCrashes == 0 ? null : async invocation =>
        {
            if (killed++ == 0)
            {
                await KillWhenCancelsStartedAsync(rig, invocation, scenario.BatchSize / 2);
            }
        };

        await source.RunAsync(
            rig,
            new PumpOptions(scenario.BatchSize, scenario.InvocationTimeout),
            () => AllAnswered(rig, requestIds),
            TimeSpan.FromSeconds(150) * EvidenceScale.Factor,
            duringInvoke);
        await outage;

        var deliveries = source.Stats;
        var summary = EvidenceSummary.Tally("matrix-" + scenario.Name, requestIds, Notifications(rig), (id, published) => scenario.Judge(published, deliveries.DeliveriesOf(id)))
            .WithCalls(rig.Simulator.Calls, source.Stats, clock.Elapsed);
        summary = summary with { Title = scenario.Title, Highlights = scenario.Highlights };
        summary = summary
            .WithDuplicates(scenario.ExpectedDuplicates(deliveries.DeliveriesOf))

            // A delivery that starts over may cancel again (the deployment is then CANCELLING or settled, and the
            // cancel is refused); with one delivery a deployment is cancelled once.
            .WithCancelsAtMost(rig, name => Math.Max(1, deliveries.DeliveriesOf(FaultScenario.RequestIdFor(name))))
            .With(
                source.Stats.Crashes != scenario.ExpectedCrashes ? $"the function process ended {source.Stats.Crashes} times; the scenario killed it {scenario.ExpectedCrashes} times" : null,
                source.Stats.InvocationErrors > 0 ? $"{source.Stats.InvocationErrors} invocations failed as a whole" : null,
                FaultNotSeen(scenario, rig.Simulator.Calls, source.Stats, requestIds),
                OutcomeMixProblem(scenario, summary));
        summary.Report();
        return summary;
    }

    /// <summary>
    /// The outcome mix the fault table prints: every request CANCELLED, except that a request delivered again after
    /// its deployment settled is answered NOT_IN_PROGRESS (killed-mid-batch: only the killed batch's requests), and
    /// that without the table every copy is answered (duplicates: one notification per delivery, each request's
    /// cancelling copy CANCELLED).
    /// </summary>
    private static string? OutcomeMixProblem(FaultScenario scenario, EvidenceSummary summary)
    {
        var cancelled = summary.Outcomes.GetValueOrDefault("CANCELLED");
        var notInProgress = summary.Outcomes.GetValueOrDefault("NOT_IN_PROGRESS");
        var others = summary.Outcomes.Where(o => o.Key is not "CANCELLED" and not "NOT_IN_PROGRESS").Sum(o => o.Value);
        var redelivered = scenario.ExpectedCrashes > 0 ? scenario.BatchSize * scenario.ExpectedCrashes : scenario.Requests * (scenario.Copies - 1);
        var leastCancelled = scenario.Requests - (scenario.ExpectedCrashes > 0 ? redelivered : 0);
        var expected = scenario.Requests * scenario.Copies;
        return others == 0 && cancelled + notInProgress == expected && cancelled >= leastCancelled && notInProgress <= redelivered
            ? null
            : $"outcomes CANCELLED {cancelled}, NOT_IN_PROGRESS {notInProgress}, other {others}; expected {expected} in all, at least {leastCancelled} CANCELLED, at most {redelivered} NOT_IN_PROGRESS";
    }

    /// <summary>A scenario whose fault never happened tested nothing: that is a violation too.</summary>
    private static string? FaultNotSeen(FaultScenario scenario, ProtonCallCounts calls, SourceStats stats, IReadOnlySet<string> requestIds) => scenario.Name switch
    {
        "throttle-every-2nd" when calls.Throttled == 0 => "the simulator throttled no Proton call: the scenario tested nothing",
        "server-errors-30pct" when calls.ServerErrors == 0 => "the simulator answered no Proton call with a server error: the scenario tested nothing",
        "sns-unreachable" or "deadline-mid-poll" when stats.Continuations == 0 => "no watch went on in a continuation message: the scenario tested nothing",
        "duplicates-x3" when requestIds.FirstOrDefault(id => stats.DeliveriesOf(id) != scenario.Copies) is { } id =>
            $"{id} was delivered {stats.DeliveriesOf(id)} times, not its {scenario.Copies} copies: the scenario tested nothing, or a copy failed",
        _ => null,
    };

    private static async Task SnsOutageAsync(LocalRig rig, TimeSpan length)
    {
        rig.Simulator.SnsFaults.Set(SnsFaultKind.Unreachable);
        await Task.Delay(length);
        rig.Simulator.SnsFaults.Clear();
    }

    /// <summary>Kills the process once this batch's cancels have begun, while it is still watching.</summary>
    private static async Task KillWhenCancelsStartedAsync(LocalRig rig, Task invocation, int cancels)
    {
        for (var i = 0; i < 500 && !invocation.IsCompleted && rig.Simulator.Calls.CancelEnvironmentDeployment < cancels; i++)
        {
            await Task.Delay(10);
        }

        if (!invocation.IsCompleted)
        {
            await rig.StopFunctionAsync();
        }
    }

    internal static bool AllAnswered(LocalRig rig, IReadOnlySet<string> requestIds) =>
        Notifications(rig).Select(n => n.GetProperty("requestId").GetString()!).Where(requestIds.Contains).Distinct().Count() == requestIds.Count;

    internal static IEnumerable<System.Text.Json.JsonElement> Notifications(LocalRig rig) =>
        rig.Simulator.SnsMessages.Select(m => System.Text.Json.JsonDocument.Parse(m.Message).RootElement.Clone());
}
