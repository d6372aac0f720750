using System.CommandLine;
using ProtonCancelLambda.Local.Invoke;

namespace ProtonCancelLambda.Local.Commands;

/// <summary>
/// The mass-rollback bench's arguments (<c>bash bench/mass-rollback.sh</c> passes them to the bench program) and
/// their help, on System.CommandLine like the local tools: <c>--help</c> lists every option, a bad argument names
/// itself and exits 2. What they mean together is <see cref="MassRollbackOptions"/>.
/// </summary>
internal sealed class MassRollbackCommandLine
{
    public const string Name = "mass-rollback";

    private readonly Argument<int> _requests = OptionValues.WholeNumberArgument("N", "Cancel requests enqueued at once, one per environment.", 1, MassRollbackOptions.MaxRequests);

    private readonly Option<string> _aot = new("--aot")
    {
        Description = "The published Native AOT bootstrap every execution environment runs.",
        HelpName = "FILE",
        Required = true,
    };

    private readonly Option<int?> _maxConcurrency = OptionValues.WholeNumber(
        "--max-concurrency",
        "Most execution environments at once (the event source mapping's MaximumConcurrency; default 10).",
        MassRollbackOptions.MinConcurrency,
        MassRollbackOptions.MaxConcurrency);

    private readonly Option<double?> _speed = OptionValues.Number(
        "--speed",
        "N",
        "Run the simulator and the queue this many times faster (the function's time settings and Proton budget scaled to match): a sketch, not a measurement.",
        InvokeOptions.MinSpeed,
        InvokeOptions.MaxSpeed);

    private readonly Option<string?> _json = new("--json")
    {
        Description = "Where the run's JSON goes (default artifacts/bench/mass-rollback-N-cC[-shape].json).",
        HelpName = "FILE",
    };

    private readonly Option<string?> _plot = new("--plot")
    {
        Description = "Also draw the run (outcomes settled, Proton calls and throttles per second, against the bound) with gnuplot.",
        HelpName = "FILE.png",
    };

    private readonly Option<Uri?> _dynamoDbEndpoint = OptionValues.AbsoluteUrl(
        "--dynamodb-endpoint",
        "The DynamoDB endpoint (moto) of the idempotency table every function process uses, as template.yaml deploys it; it also holds the Proton budget.");

    private readonly Option<string?> _table = new("--table")
    {
        Description = $"The idempotency table's name (created when missing; default {MassRollbackOptions.DefaultTableName}).",
        HelpName = "NAME",
    };

    private readonly Option<bool> _unpaced = new("--unpaced")
    {
        Description = "Run the function without a Proton budget (the numbers before it).",
    };

    private readonly Option<double?> _budgetGet = OptionValues.Number(
        "--budget-get",
        "R",
        "The budget's GetEnvironment calls a second (default: the rate limit).",
        MassRollbackOptions.MinBudgetPerSecond,
        MassRollbackOptions.MaxBudgetPerSecond);

    private readonly Option<double?> _budgetCancel = OptionValues.Number(
        "--budget-cancel",
        "R",
        "The budget's CancelEnvironmentDeployment calls a second (default: the rate limit).",
        MassRollbackOptions.MinBudgetPerSecond,
        MassRollbackOptions.MaxBudgetPerSecond);

    private readonly Option<bool> _dryRun = new("--dry-run")
    {
        Description = "Check the arguments and print the run's JSON path and pacing; start nothing.",
    };

    private MassRollbackCommandLine()
    {
    }

    /// <summary>
    /// Runs <paramref name="args"/> (<c>mass-rollback N --aot FILE ...</c>): <paramref name="run"/> on valid
    /// options, else the problem on <paramref name="error"/> and exit 2.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, Func<MassRollbackOptions, CancellationToken, Task<int>> run, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var line = new MassRollbackCommandLine();
        var command = line.Definition();
        command.SetAction(async (result, token) =>
        {
            var options = line.Read(result);
            return options.Problem is { } problem
                ? await OptionValues.ReportUsageErrorAsync(result, [problem], result.InvocationConfiguration.Error).ConfigureAwait(false)
                : await run(options, token).ConfigureAwait(false);
        });
        var parsed = new RootCommand("Benchmarks of ProtonCancelLambda.") { command }.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            return await OptionValues.ReportUsageErrorAsync(parsed, parsed.Errors.Select(e => e.Message), error).ConfigureAwait(false);
        }

        return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Parses <paramref name="args"/> (what follows <c>mass-rollback</c>) into options, or says what is wrong.</summary>
    public static MassRollbackOptions Parse(IReadOnlyList<string> args)
    {
        var line = new MassRollbackCommandLine();
        var result = line.Definition().Parse(args);
        return result.Errors.Count > 0 ? MassRollbackOptions.Invalid(result.Errors[0].Message) : line.Read(result);
    }

    private Command Definition() => new(Name, "A mass rollback on the local fleet against Proton's rate limits (GetEnvironment 10/s, Cancel 5/s, settling 30 s after the cancel).")
    {
        _requests, _aot, _maxConcurrency, _speed, _json, _plot, _dynamoDbEndpoint, _table, _unpaced, _budgetGet, _budgetCancel, _dryRun,
    };

    private MassRollbackOptions Read(ParseResult result)
    {
        var options = new MassRollbackOptions(result.GetValue(_requests), result.GetRequiredValue(_aot))
        {
            JsonPath = result.GetValue(_json),
            PlotPath = result.GetValue(_plot),
            DynamoDbEndpoint = result.GetValue(_dynamoDbEndpoint),
            TableName = result.GetValue(_table),
            Unpaced = result.GetValue(_unpaced),
            BudgetGetEnvironmentPerSecond = result.GetValue(_budgetGet),
            BudgetCancelPerSecond = result.GetValue(_budgetCancel),
            DryRun = result.GetValue(_dryRun),
        };
        options = options with
        {
            MaximumConcurrency = result.GetValue(_maxConcurrency) ?? options.MaximumConcurrency,
            Speed = result.GetValue(_speed) ?? options.Speed,
        };
        return options.Checked();
    }
}
