using ProtonCancelLambda.IntegrationTests.Infrastructure;
using ProtonCancelLambda.Local.EventSource;
using ProtonCancelLambda.Local.RuntimeEmulator;

namespace ProtonCancelLambda.IntegrationTests.EventSource;

/// <summary>
/// The fleet with the idempotency table on moto (signature checking on), the function in-process: the run creates
/// the table as template.yaml does, every process uses it and the budget the run sets, and the result says which
/// budget ran, that the table was on, and how many budget windows the function kept in it (none when unpaced).
/// </summary>
public sealed class MassRollbackTableTests(MotoServerFixture moto)
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AFleetRun_CreatesTheTable_UsesIt_AndRecordsTheBudgetAndItsWindows(bool unpaced)
    {
        moto.RequireRunning();
        var table = new DynamoDbTable(moto.Endpoint, $"mass-rollback-{Guid.NewGuid():N}") { AccessKeyId = moto.AccessKeyId, SecretAccessKey = moto.SecretAccessKey };
        var run = new MassRollback(10, MaximumConcurrency: 2) { SettleSeconds = 1, Table = table, Unpaced = unpaced };

        var result = await run.RunAsync(FunctionLaunch.InProcess(), TemplateRules.FromRepository(RepoFiles.Root), TextWriter.Null, TimeSpan.FromSeconds(90), TestContext.Current.CancellationToken);

        Assert.True(result.Finished, $"not every request was answered: {result.ToJson()}");
        Assert.Equal(new Dictionary<string, int> { ["CANCELLED"] = 10 }, result.Outcomes);
        Assert.Equal(unpaced ? null : new ProtonBudget(10, 5), result.Budget);
        Assert.True(result.IdempotencyTable);
        var described = await moto.AwsAsync("dynamodb", "describe-table", "--table-name", table.Name);
        Assert.Equal("id", described.GetProperty("Table").GetProperty("KeySchema")[0].GetProperty("AttributeName").GetString());
        var requestRecords = await moto.AwsAsync("dynamodb", "get-item", "--table-name", table.Name, "--key", """{"id": {"S": "mr-0003"}}""");
        Assert.True(requestRecords.TryGetProperty("Item", out _), "the function kept no idempotency record for mr-0003: it did not use the run's table");
        if (unpaced)
        {
            Assert.Equal(0, result.BudgetItems);
        }
        else
        {
            Assert.True(result.BudgetItems > 0, "no budget windows in the table: the function did not get the budget's settings");
        }
    }
}
