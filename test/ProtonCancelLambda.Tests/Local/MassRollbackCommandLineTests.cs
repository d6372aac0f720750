using ProtonCancelLambda.Local.Commands;
using ProtonCancelLambda.Local.EventSource;

namespace ProtonCancelLambda.Tests.Local;

/// <summary>
/// The mass-rollback bench's arguments (bash bench/mass-rollback.sh): by default the function shares a Proton budget
/// at the scenario's rate limits, kept in the idempotency table; --unpaced and --budget-get/--budget-cancel change
/// that, and every combination that cannot run is named before anything starts.
/// </summary>
public sealed class MassRollbackCommandLineTests
{
    private const string Endpoint = "http://127.0.0.1:5000/";

    [Fact]
    public void ByDefault_TheBudgetIsTheRateLimits_InTheTableOnTheEndpoint()
    {
        var options = MassRollbackCommandLine.Parse(["200", "--aot", "publish/bootstrap", "--dynamodb-endpoint", Endpoint]);

        Assert.Null(options.Problem);
        var run = options.ToRun();
        Assert.Equal(new ProtonBudget(10, 5), run.Budget);
        Assert.Equal(new DynamoDbTable(new Uri(Endpoint), MassRollbackOptions.DefaultTableName), run.Table);
        Assert.Equal((200, 10, 1.0), (run.Requests, run.MaximumConcurrency, run.Speed));
        Assert.Equal(Path.Combine("artifacts", "bench", "mass-rollback-200-c10.json"), options.Json);
    }

    [Theory]
    [InlineData(new[] { "--unpaced" }, null, null, "mass-rollback-200-c50-unpaced.json")]
    [InlineData(new[] { "--budget-get", "20", "--budget-cancel", "7.5" }, 20.0, 7.5, "mass-rollback-200-c50-budget-g20-c7.5.json")]
    [InlineData(new[] { "--budget-cancel", "10" }, 10.0, 10.0, "mass-rollback-200-c50-budget-g10-c10.json")]
    public void PacingOptions_SetTheBudget_AndNameTheJsonAfterIt(string[] pacing, double? get, double? cancel, string json)
    {
        var options = MassRollbackCommandLine.Parse(["200", "--aot", "b", "--dynamodb-endpoint", Endpoint, "--max-concurrency", "50", .. pacing]);

        Assert.Null(options.Problem);
        Assert.Equal(get is null ? null : new ProtonBudget(get.Value, cancel!.Value), options.ToRun().Budget);
        Assert.Equal(Path.Combine("artifacts", "bench", json), options.Json);
    }

    [Fact]
    public void Unpaced_WithoutAnEndpoint_RunsWithoutTheTable()
    {
        var options = MassRollbackCommandLine.Parse(["20", "--aot", "b", "--unpaced", "--json", "out/run.json", "--plot", "out/run.png", "--table", "t-1"]);

        Assert.Equal("--table goes with --dynamodb-endpoint.", options.Problem);
        options = MassRollbackCommandLine.Parse(["20", "--aot", "b", "--unpaced", "--json", "out/run.json", "--plot", "out/run.png"]);
        Assert.Null(options.Problem);
        Assert.Null(options.ToRun().Table);
        Assert.Null(options.ToRun().Budget);
        Assert.Equal(("out/run.json", "out/run.png"), (options.Json, options.PlotPath));
    }

    [Theory]
    [InlineData(new[] { "20", "--aot", "b" }, "the Proton budget lives in the idempotency table: give --dynamodb-endpoint (bash bench/mass-rollback.sh starts moto for it), or --unpaced.")]
    [InlineData(new[] { "20", "--aot", "b", "--unpaced", "--budget-get", "5" }, "--unpaced runs without a Proton budget; leave out --budget-get and --budget-cancel (or --unpaced).")]
    [InlineData(new[] { "20", "--aot", "b", "--unpaced", "--budget-cancel", "5" }, "--unpaced runs without a Proton budget; leave out --budget-get and --budget-cancel (or --unpaced).")]
    [InlineData(new[] { "20", "--aot", "b", "--dynamodb-endpoint", Endpoint, "--budget-get", "0" }, "--budget-get R must be a number from 0.1 to 100000, not '0'.")]
    [InlineData(new[] { "20", "--aot", "b", "--dynamodb-endpoint", Endpoint, "--budget-cancel", "fast" }, "--budget-cancel R must be a number from 0.1 to 100000, not 'fast'.")]
    [InlineData(new[] { "20", "--aot", "b", "--dynamodb-endpoint", "127.0.0.1:5000" }, "--dynamodb-endpoint takes an absolute http or https URL, not '127.0.0.1:5000'.")]
    [InlineData(new[] { "20", "--aot", "b", "--dynamodb-endpoint", Endpoint, "--table", "t" }, "--table NAME must be a DynamoDB table name (3-255 of A-Z a-z 0-9 _ . -), not 't'.")]
    [InlineData(new[] { "20", "--aot", "b", "--dynamodb-endpoint", Endpoint, "--max-concurrency", "1" }, "--max-concurrency N must be a whole number from 2 to 1000, not '1'.")]
    [InlineData(new[] { "20", "--aot", "b", "--dynamodb-endpoint", Endpoint, "--speed", "0.5" }, "--speed N must be a number from 1 to 1000, not '0.5'.")]
    [InlineData(new[] { "20", "--aot", "b", "--dynamodb-endpoint", Endpoint, "--plot", "run.svg" }, "--plot draws a PNG: give FILE.png, not 'run.svg'.")]
    [InlineData(new[] { "0", "--aot", "b", "--unpaced" }, "N must be a whole number from 1 to 100000, not '0'.")]
    [InlineData(new[] { "many", "--aot", "b", "--unpaced" }, "N must be a whole number from 1 to 100000, not 'many'.")]
    [InlineData(new[] { "20", "--unpaced" }, "Option '--aot' is required.")]
    public void ACombinationThatCannotRun_IsNamed(string[] args, string problem)
    {
        Assert.Equal(problem, MassRollbackCommandLine.Parse(args).Problem);
    }

    [Fact]
    public async Task ABadArgument_ExitsTwo_NamingItAndTheUsage_WithoutRunning()
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var ran = false;

        var exit = await MassRollbackCommandLine.RunAsync(
            ["mass-rollback", "20", "--aot", "b", "--unpaced", "--budget-get", "3"], (_, _) =>
            {
                ran = true;
                return Task.FromResult(0);
            },
            output, error, TestContext.Current.CancellationToken);

        Assert.Equal(2, exit);
        Assert.False(ran);
        Assert.Equal(
            "mass-rollback: --unpaced runs without a Proton budget; leave out --budget-get and --budget-cancel (or --unpaced).\nusage: mass-rollback N [options] (--help lists every option)\n",
            error.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task ValidArguments_RunWithTheParsedOptions()
    {
        MassRollbackOptions? received = null;

        var exit = await MassRollbackCommandLine.RunAsync(
            ["mass-rollback", "50", "--aot", "b", "--dynamodb-endpoint", Endpoint, "--dry-run"],
            (options, _) =>
            {
                received = options;
                return Task.FromResult(7);
            },
            TextWriter.Null,
            TextWriter.Null,
            TestContext.Current.CancellationToken);

        Assert.Equal(7, exit);
        Assert.NotNull(received);
        Assert.True(received.DryRun);
        Assert.Equal(50, received.Requests);
    }
}
