using System.Text.Json;
using ProtonCancelLambda.Local.EventSource;
using ProtonCancelLambda.Local.RuntimeEmulator;

namespace ProtonCancelLambda.Tests.Local;

/// <summary>The mass rollback's budget (what the function is told) and what its JSON records about the pacing.</summary>
public sealed class MassRollbackTests
{
    [Fact]
    public void Budget_DefaultsToTheScenariosRateLimits_AndOverridesOneOperationAtATime()
    {
        var run = new MassRollback(100, 10) { GetEnvironmentPerSecond = 8, CancelPerSecond = 4 };

        Assert.Equal(new ProtonBudget(8, 4), run.Budget);
        Assert.Equal(new ProtonBudget(8, 12), (run with { BudgetCancelPerSecond = 12 }).Budget);
        Assert.Null((run with { Unpaced = true }).Budget);
    }

    [Fact]
    public void BudgetSettings_AreTheFunctionsVariables_ScaledToTheSimulatorsSpeed()
    {
        var budget = new ProtonBudget(10, 2.5);

        Assert.Equal(
            new Dictionary<string, string> { ["PROTON_GET_ENVIRONMENT_PER_SECOND"] = "10", ["PROTON_CANCEL_PER_SECOND"] = "2.5" },
            budget.Settings(speed: 1));
        Assert.Equal(
            new Dictionary<string, string> { ["PROTON_GET_ENVIRONMENT_PER_SECOND"] = "40", ["PROTON_CANCEL_PER_SECOND"] = "10" },
            budget.Settings(speed: 4));
    }

    [Fact]
    public async Task ABudgetWithoutATable_IsRefusedBeforeAnythingStarts()
    {
        var run = new MassRollback(10, 2);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            run.RunAsync(FunctionLaunch.InProcess(), new TemplateRules("Allow", 5), TextWriter.Null, TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken));

        Assert.Contains("Proton budget lives in the idempotency table", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, """{"getEnvironmentPerSecond":10,"cancelPerSecond":5}""", true, "42")]
    [InlineData(true, "null", false, "null")]
    public void Json_RecordsTheBudget_TheTable_AndTheBudgetsItems(bool unpaced, string budget, bool table, string items)
    {
        var result = Result(unpaced ? null : new ProtonBudget(10, 5), table, table ? 42 : null);

        using var json = JsonDocument.Parse(result.ToJson());

        Assert.Equal(budget, json.RootElement.GetProperty("budget").GetRawText());
        Assert.Equal(table, json.RootElement.GetProperty("idempotencyTable").GetBoolean());
        Assert.Equal(items, json.RootElement.GetProperty("budgetItems").GetRawText());
        Assert.Equal(0.1, json.RootElement.GetProperty("throttledShare").GetDouble(), 6);
    }

    private static MassRollbackResult Result(ProtonBudget? budget, bool table, int? budgetItems) => new()
    {
        Requests = 20,
        MaximumConcurrency = 2,
        GetEnvironmentPerSecond = 10,
        CancelPerSecond = 5,
        SettleSeconds = 30,
        Speed = 1,
        Budget = budget,
        IdempotencyTable = table,
        BudgetItems = budgetItems,
        Finished = true,
        BoundSeconds = 33,
        LastOutcomeSeconds = 35.5,
        Outcomes = new Dictionary<string, int> { ["CANCELLED"] = 20 },
        Duplicates = 0,
        Lost = 0,
        DeadLettered = 0,
        ProtonCalls = new Dictionary<string, int> { ["GetEnvironment"] = 70, ["CancelEnvironmentDeployment"] = 30 },
        ProtonThrottles = new Dictionary<string, int> { ["GetEnvironment"] = 8, ["CancelEnvironmentDeployment"] = 2 },
        Invocations = 2,
        FailedRecords = 0,
        ColdStarts = 2,
        BilledGbSeconds = 1.5,
        Timeline = [new MassRollbackSecond(0, 0, 12, 2)],
    };
}
