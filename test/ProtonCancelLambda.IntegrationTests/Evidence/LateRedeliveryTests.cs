using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using ProtonCancelLambda.IntegrationTests.Infrastructure;
using ProtonCancelLambda.Local.Rig;
using ProtonCancelLambda.Outcomes;
using ProtonCancelLambda.Requests;

namespace ProtonCancelLambda.IntegrationTests.Evidence;

/// <summary>
/// Fault matrix row "late redelivery after a new deployment started": every request is cancelled, the
/// rollback pipeline then deploys again, and only then does a copy of each request arrive: half as a message
/// that kept its SentTimestamp (a redelivery after a crash, or an at-least-once duplicate), half re-sent with
/// a new messageId and SentTimestamp, as a DLQ redrive does, whose bodies carry the producer's
/// <c>requestedAt</c>. No new deployment may be cancelled; every late copy is answered SKIPPED.
/// </summary>
[Collection(EvidenceCollection.Name)]
public sealed class LateRedeliveryTests(MotoServerFixture moto, PublishedBootstrap bootstrap)
{
    private const string ScenarioName = "matrix-late-redelivery";

    [Fact]
    public async Task LateCopies_AfterANewDeploymentStarted_CancelNothing_AndAreAnsweredSkipped()
    {
        moto.RequireRunning();
        var scenario = new FaultScenario("late-redelivery");
        var names = scenario.EnvironmentNames;
        var redriven = names.Where((_, i) => i % 2 == 0).ToHashSet(StringComparer.Ordinal);
        var requestIds = names.Select(FaultScenario.RequestIdFor).ToHashSet(StringComparer.Ordinal);
        var requestedAt = IsoTime.Format(DateTimeOffset.UtcNow);
        var bodies = names.ToDictionary(name => name, name => Body(name, redriven.Contains(name) ? requestedAt : null), StringComparer.Ordinal);

        using var queue = await SqsEventSource.CreateAsync(moto, scenario.Name, visibilityTimeoutSeconds: 2);
        using var late = await SqsEventSource.CreateAsync(moto, scenario.Name + "-late", visibilityTimeoutSeconds: 2);
        await using var rig = await EvidenceRig.StartAsync(ScenarioName, bootstrap, scenario.ToSimulation(), scenario.Environment(moto, queue.QueueUrl));
        var clock = Stopwatch.StartNew();
        var limit = TimeSpan.FromSeconds(120) * EvidenceScale.Factor;
        var pump = new PumpOptions(scenario.BatchSize, scenario.InvocationTimeout);

        // The copies that keep their send time are sent now, before anything happens, and held back.
        await late.SendAsync([.. names.Where(name => !redriven.Contains(name)).Select(name => bodies[name])]);
        await queue.SendAsync([.. names.Select(name => bodies[name])]);
        await queue.RunAsync(rig, pump, () => FaultMatrixTests.AllAnswered(rig, requestIds), limit);

        // The rollback pipeline deploys again; then the late copies arrive.
        foreach (var name in names)
        {
            rig.Simulator.StartDeployment(name);
        }

        await late.SendAsync([.. redriven.Select(name => bodies[name])]);
        await late.RunAsync(rig, pump, () => EveryRequestAnsweredTwice(rig, requestIds), limit);

        var wrongCancellations = names.Count(name => rig.Simulator.Timeline(name)?.CancelRequestedAt is not null);
        var summary = EvidenceSummary.Tally(ScenarioName, requestIds, FaultMatrixTests.Notifications(rig), Judge)
            .WithCalls(rig.Simulator.Calls, late.Stats, clock.Elapsed);
        summary.Measures["wrongCancellations"] = wrongCancellations;
        summary.Measures["lateCopies"] = names.Count;
        var violations = summary.Violations.ToList();
        violations.AddRange(requestIds.Where(id => Count(rig, id) < 2).Select(id => $"{id}: {Count(rig, id)} notifications; the late copy was never answered"));
        if (wrongCancellations > 0)
        {
            violations.Add($"{wrongCancellations} deployments that started after their request were cancelled");
        }

        summary = (summary with { Violations = violations, Title = "late redelivery after a new deployment started, no idempotency table (half re-sent as a redrive with requestedAt)", Highlights = ["wrongCancellations"] })
            .WithDuplicates(requestIds.Count)
            .WithOutcomes(new Dictionary<string, int> { [OutcomeKinds.Cancelled] = requestIds.Count, [OutcomeKinds.Skipped] = requestIds.Count })
            .WithCancelsAtMost(rig, _ => 1);
        summary.Report();
        Assert.Equal(0, summary.Lost);
        Assert.Equal(0, wrongCancellations);
        Assert.Empty(summary.Violations);
    }

    /// <summary>The first notification is the cancellation; the late copy's says SKIPPED, naming both times.</summary>
    private static string? Judge(string requestId, IReadOnlyList<JsonElement> notifications)
    {
        var kinds = notifications.Select(n => n.GetProperty("outcome").GetString()).ToList();
        if (kinds.Count != 2 || kinds[0] != OutcomeKinds.Cancelled || kinds[1] != OutcomeKinds.Skipped)
        {
            return $"outcomes {string.Join(", ", kinds)}; expected CANCELLED, then SKIPPED for the late copy";
        }

        var error = notifications[1].GetProperty("error").GetString() ?? string.Empty;
        return error.Contains("after the request was made at", StringComparison.Ordinal) ? null : $"the SKIPPED error does not name both times: {error}";
    }

    private static bool EveryRequestAnsweredTwice(LocalRig rig, IReadOnlySet<string> requestIds) =>
        requestIds.All(id => Count(rig, id) >= 2);

    private static int Count(LocalRig rig, string requestId) =>
        FaultMatrixTests.Notifications(rig).Count(n => n.GetProperty("requestId").GetString() == requestId);

    private static string Body(string name, string? requestedAt)
    {
        var body = new JsonObject { ["environmentName"] = name, ["requestId"] = FaultScenario.RequestIdFor(name), ["reason"] = "fault matrix late-redelivery" };
        if (requestedAt is not null)
        {
            body["requestedAt"] = requestedAt;
        }

        return body.ToJsonString();
    }
}
