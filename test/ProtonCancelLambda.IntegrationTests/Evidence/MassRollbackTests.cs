using System.Globalization;
using System.Text;
using System.Text.Json;
using ProtonCancelLambda.Configuration;
using ProtonCancelLambda.IntegrationTests.Infrastructure;
using ProtonCancelLambda.Local.EventSource;
using ProtonCancelLambda.Local.RuntimeEmulator;

namespace ProtonCancelLambda.IntegrationTests.Evidence;

/// <summary>
/// Issue 22: a mass rollback against Proton's rate limits, through the AOT bootstrap on a fleet of up to ten
/// execution environments fed by the local queue event source (the template's batch size, window, visibility
/// timeout and redrive), with the idempotency table on the assembly's moto as template.yaml deploys it, and the
/// shared Proton budget the function keeps in that table set to the rate limits (as an operator who knows the
/// account's rate sets it). 200 requests at once; GetEnvironment 10/s, CancelEnvironmentDeployment 5/s; every
/// deployment settles 30 s after its cancel. Every request must end CANCELLED with one notification, none in
/// the DLQ, none lost, the last outcome within 1.3x of the bound the rate limits set
/// (<see cref="MassRollback.BoundSeconds"/>: max((N - 5) / 5 + 30, (2N - 10) / 10) = 69 s for N = 200), and at
/// most 10% of Proton calls throttled; the table must hold the budget's window items afterwards (a build that ignores
/// the budget's settings keeps none, and this row says so first). It runs in real time (70 to 90 s when it
/// passes): the AOT process cannot share a scaled clock, and its continuation delays and retry backoffs are real
/// seconds that a faster queue and simulator would shorten. Bench sizes: bench/mass-rollback.sh.
/// </summary>
[Collection(EvidenceCollection.Name)]
public sealed class MassRollbackTests(MotoServerFixture moto, PublishedBootstrap bootstrap)
{
    private const double BoundFactor = 1.3;
    private const double MaxThrottledShare = 0.10;

    [Fact]
    public async Task MassRollback_UnderProtonRateLimits_WithTheSharedBudget_EveryRequestCancelledOnce_WithinTheBound()
    {
        moto.RequireRunning();
        var table = new DynamoDbTable(moto.Endpoint, $"idempotency-mass-rollback-{Guid.NewGuid():N}") { AccessKeyId = moto.AccessKeyId, SecretAccessKey = moto.SecretAccessKey };
        var run = new MassRollback(200 * EvidenceScale.Factor, MaximumConcurrency: 10) { Table = table };
        var launch = FunctionLaunch.Executable(await bootstrap.GetPathAsync());
        MassRollbackResult result;
        await using (var log = new StreamWriter(EvidenceSummary.PathFor("mass-rollback.log"), append: false, Encoding.UTF8) { AutoFlush = true })
        {
            result = await run.RunAsync(launch, TemplateRules.FromRepository(RepoFiles.Root), TextWriter.Synchronized(log), TimeSpan.FromMinutes(3) * EvidenceScale.Factor, TestContext.Current.CancellationToken);
        }

        await File.WriteAllTextAsync(EvidenceSummary.PathFor("mass-rollback.run.json"), result.ToJson(), TestContext.Current.CancellationToken);
        var summary = Summarise(result);
        summary.Report();

        Assert.True(summary.Violations.Count == 0, "mass rollback:\n" + string.Join('\n', summary.Violations));
    }

    private static EvidenceSummary Summarise(MassRollbackResult result)
    {
        var violations = new List<string>();
        if (result.Budget is { } budget && result.BudgetItems == 0)
        {
            violations.Add(string.Create(CultureInfo.InvariantCulture,
                $"the function kept no shared Proton budget: no {ProtonBudget.ItemIdPrefix}... items in the idempotency table after the run, though it ran with {SettingNames.ProtonGetEnvironmentPerSecond}={budget.GetEnvironmentPerSecond} and {SettingNames.ProtonCancelPerSecond}={budget.CancelPerSecond} (a build without the budget ignores them)"));
        }

        if (!result.Finished)
        {
            violations.Add("the run hit its time limit before every request was answered");
        }

        if (result.Outcomes.Where(o => o.Key != "CANCELLED").Sum(o => o.Value) is var other and > 0)
        {
            violations.Add($"{other} requests ended other than CANCELLED: {JsonSerializer.Serialize(result.Outcomes)}");
        }

        if (result.DeadLettered > 0)
        {
            violations.Add($"{result.DeadLettered} requests ended in the DLQ");
        }

        if (result.LastOutcomeSeconds is not { } last || last > BoundFactor * result.BoundSeconds)
        {
            violations.Add($"the last outcome came at {result.LastOutcomeSeconds?.ToString(CultureInfo.InvariantCulture) ?? "no time (none came)"} s, beyond {BoundFactor} x the rate limits' bound of {result.BoundSeconds} s");
        }

        if (result.ThrottledShare > MaxThrottledShare)
        {
            violations.Add($"{result.ThrottledShare:P1} of Proton calls were throttled (at most {MaxThrottledShare:P0})");
        }

        if (result.Duplicates > 0)
        {
            violations.Add($"{result.Duplicates} duplicate notifications");
        }

        var summary = new EvidenceSummary
        {
            Scenario = "mass-rollback",
            Title = string.Create(CultureInfo.InvariantCulture, $"mass rollback: {result.Requests} requests at once, GetEnvironment {result.GetEnvironmentPerSecond}/s, Cancel {result.CancelPerSecond}/s, MaximumConcurrency {result.MaximumConcurrency}, shared Proton budget, idempotency table"),
            Highlights = ["lastOutcomeSeconds", "boundSeconds", "protonCalls", "throttled"],
            Requests = result.Requests,
            Notifications = result.Outcomes.Values.Sum() + result.Duplicates,
            Outcomes = new SortedDictionary<string, int>(result.Outcomes.ToDictionary(), StringComparer.Ordinal),
            Lost = result.Lost,
            Duplicates = result.Duplicates,
            Violations = violations,
        };
        summary.Measures["boundSeconds"] = result.BoundSeconds;
        summary.Measures["lastOutcomeSeconds"] = result.LastOutcomeSeconds ?? -1;
        summary.Measures["protonCalls"] = result.ProtonCalls.Values.Sum();
        summary.Measures["getEnvironment"] = result.ProtonCalls["GetEnvironment"];
        summary.Measures["cancel"] = result.ProtonCalls["CancelEnvironmentDeployment"];
        summary.Measures["throttled"] = result.ProtonThrottles.Values.Sum();
        summary.Measures["invocations"] = result.Invocations;
        summary.Measures["deadLettered"] = result.DeadLettered;
        summary.Measures["budgetItems"] = result.BudgetItems ?? 0;
        return summary;
    }
}
