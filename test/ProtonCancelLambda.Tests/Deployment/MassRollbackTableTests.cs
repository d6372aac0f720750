using System.Text.Json.Nodes;
using ProtonCancelLambda.Testing.Results;

namespace ProtonCancelLambda.Tests.Deployment;

/// <summary>
/// The sizing table of docs/OPERATING.md, generated from saved mass-rollback runs: each row says which Proton budget
/// the function ran with (none: unpaced) and whether the idempotency table was on, so before and after runs read
/// side by side; a run saved before those fields existed says so rather than guessing.
/// </summary>
public sealed class MassRollbackTableTests : IDisposable
{
    private readonly string _results = Directory.CreateTempSubdirectory("mass-rollback-table-").FullName;

    public void Dispose() => Directory.Delete(_results, recursive: true);

    [Fact]
    public void EachRun_ShowsItsBudgetAndTable_UnderItsRateLimits()
    {
        Write("mass-rollback-200-c10.json", Run(new JsonObject { ["getEnvironmentPerSecond"] = 10, ["cancelPerSecond"] = 5 }, table: true, last: 80.5));
        Write("mass-rollback-200-c10-unpaced.json", Run(null, table: true, last: 472.9));
        Write("mass-rollback-200-c10-old.json", Run(null, table: null, last: 92.8));

        var table = ResultTables.Render(_results)[ResultTables.MassRollback];

        Assert.Contains("`bash bench/mass-rollback.sh`: GetEnvironment 10/s, CancelEnvironmentDeployment 5/s, every deployment settling 30 s after its cancel, clock speed 1.", table, StringComparison.Ordinal);
        Assert.Contains("| requests | `MaximumConcurrency` | Proton budget/s (Get / Cancel) | table | bound |", table, StringComparison.Ordinal);
        Assert.Contains("| 200 | 10 | 10 / 5 | on | 69 s | 80.5 s (1.17x) | CANCELLED 200 |", table, StringComparison.Ordinal);
        Assert.Contains("| 200 | 10 | none | on | 69 s | 472.9 s (6.85x) | CANCELLED 200 |", table, StringComparison.Ordinal);
        Assert.Contains("| 200 | 10 | not recorded | not recorded | 69 s | 92.8 s (1.34x) | CANCELLED 200 |", table, StringComparison.Ordinal);
    }

    [Fact]
    public void Headline_NamesTheLargestRunWithABudget_AtEachConcurrency()
    {
        Write("mass-rollback-200-c10.json", Run(new JsonObject { ["getEnvironmentPerSecond"] = 10, ["cancelPerSecond"] = 5 }, table: true, last: 80.5));
        Write("mass-rollback-1000-c10.json", Run(new JsonObject { ["getEnvironmentPerSecond"] = 10, ["cancelPerSecond"] = 5 }, table: true, last: 260, requests: 1000));
        Write("mass-rollback-1000-c50.json", Run(new JsonObject { ["getEnvironmentPerSecond"] = 10, ["cancelPerSecond"] = 5 }, table: true, last: 250, requests: 1000, concurrency: 50));
        Write("mass-rollback-1000-c10-unpaced.json", Run(null, table: true, last: 2000, requests: 1000));

        var headline = ResultTables.Render(_results)[ResultTables.Headline];

        Assert.Contains("- **Mass rollback**: 1,000 requests under Proton's rate limit (GetEnvironment 10/s, CancelEnvironmentDeployment 5/s", headline, StringComparison.Ordinal);
        Assert.Contains("`MaximumConcurrency` 10: 260 s (3.77x), 5 %, 0; `MaximumConcurrency` 50: 250 s (3.62x), 5 %, 0 (`bash bench/mass-rollback.sh`", headline, StringComparison.Ordinal);
        Assert.DoesNotContain("2,000", headline, StringComparison.Ordinal);
    }

    private static JsonObject Run(JsonObject? budget, bool? table, double last, int requests = 200, int concurrency = 10)
    {
        var run = new JsonObject
        {
            ["requests"] = requests, ["maximumConcurrency"] = concurrency, ["getEnvironmentPerSecond"] = 10, ["cancelPerSecond"] = 5, ["settleSeconds"] = 30, ["speed"] = 1,
            ["finished"] = true, ["boundSeconds"] = 69, ["lastOutcomeSeconds"] = last, ["outcomes"] = new JsonObject { ["CANCELLED"] = 200 },
            ["duplicates"] = 0, ["lost"] = 0, ["deadLettered"] = 0, ["throttledShare"] = 0.05, ["invocations"] = 40, ["billedGbSeconds"] = 12.5,
            ["protonCalls"] = new JsonObject { ["GetEnvironment"] = 700, ["CancelEnvironmentDeployment"] = 200 },
        };
        run["run"] = new JsonObject { ["date"] = "2026-12-06T05:00Z", ["commit"] = "0123456789abcdef", ["machine"] = "test" };
        if (table is { } on)
        {
            run["budget"] = budget;
            run["idempotencyTable"] = on;
        }

        return run;
    }

    private void Write(string name, JsonObject run)
    {
        var bench = Directory.CreateDirectory(Path.Combine(_results, "bench")).FullName;
        File.WriteAllText(Path.Combine(bench, name), run.ToJsonString());
    }
}
