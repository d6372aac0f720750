using System.Globalization;
using System.Text.RegularExpressions;
using ProtonCancelLambda.Local.EventSource;

namespace ProtonCancelLambda.Local.Commands;

/// <summary>
/// What the mass-rollback bench was asked to run (<see cref="MassRollbackCommandLine"/> reads it), or the
/// <see cref="Problem"/> that makes the combination unusable.
/// </summary>
internal sealed partial record MassRollbackOptions(int Requests, string Bootstrap)
{
    public const int MinConcurrency = 2; // Lambda's least ScalingConfig.MaximumConcurrency (template.yaml's MinValue)
    public const int MaxConcurrency = 1000;
    public const int MaxRequests = 100_000;
    public const double MinBudgetPerSecond = 0.1; // 0 is the function's "no budget"; --unpaced says that
    public const double MaxBudgetPerSecond = 100_000;
    public const string DefaultTableName = "proton-cancel-idempotency";

    public int MaximumConcurrency { get; init; } = 10;

    public double Speed { get; init; } = 1;

    /// <summary>Where the run's JSON goes; by default artifacts/bench/ under a name that says the run's shape (<see cref="DefaultJsonPath"/>).</summary>
    public string? JsonPath { get; init; }

    public string? PlotPath { get; init; }

    /// <summary>The DynamoDB endpoint (moto) of the idempotency table; null: no table, and then no budget.</summary>
    public Uri? DynamoDbEndpoint { get; init; }

    /// <summary>The idempotency table's name when given; <see cref="DefaultTableName"/> otherwise.</summary>
    public string? TableName { get; init; }

    public bool Unpaced { get; init; }

    public double? BudgetGetEnvironmentPerSecond { get; init; }

    public double? BudgetCancelPerSecond { get; init; }

    /// <summary>Check the arguments and say what would run, starting nothing (the bench script does so before it publishes).</summary>
    public bool DryRun { get; init; }

    /// <summary>Why these options cannot run, naming the flags; null when they can.</summary>
    public string? Problem { get; init; }

    public string Json => JsonPath ?? DefaultJsonPath;

    /// <summary>
    /// artifacts/bench/mass-rollback-N-cC.json for a run under a budget at the rate limits, with a suffix for every
    /// other shape (-unpaced, -budget-gR-cR, -no-table), so before and after runs sit side by side.
    /// </summary>
    public string DefaultJsonPath
    {
        get
        {
            var shape = (ToRun().Budget, BudgetGetEnvironmentPerSecond ?? BudgetCancelPerSecond) switch
            {
                (null, _) => "-unpaced",
                (_, null) => string.Empty,
                ({ } budget, _) => string.Create(CultureInfo.InvariantCulture, $"-budget-g{budget.GetEnvironmentPerSecond}-c{budget.CancelPerSecond}"),
            };
            var table = DynamoDbEndpoint is null ? "-no-table" : string.Empty;
            return Path.Combine("artifacts", "bench", string.Create(CultureInfo.InvariantCulture, $"mass-rollback-{Requests}-c{MaximumConcurrency}{shape}{table}.json"));
        }
    }

    public static MassRollbackOptions Invalid(string problem) => new(0, string.Empty) { Problem = problem };

    /// <summary>The run these options describe.</summary>
    public MassRollback ToRun() => new(Requests, MaximumConcurrency)
    {
        Speed = Speed,
        Table = DynamoDbEndpoint is null ? null : new DynamoDbTable(DynamoDbEndpoint, TableName ?? DefaultTableName),
        Unpaced = Unpaced,
        BudgetGetEnvironmentPerSecond = BudgetGetEnvironmentPerSecond,
        BudgetCancelPerSecond = BudgetCancelPerSecond,
    };

    /// <summary>These options with <see cref="Problem"/> set when their combination cannot run.</summary>
    public MassRollbackOptions Checked() => this with
    {
        Problem = this switch
        {
            { Unpaced: true, BudgetGetEnvironmentPerSecond: not null } or { Unpaced: true, BudgetCancelPerSecond: not null } =>
                "--unpaced runs without a Proton budget; leave out --budget-get and --budget-cancel (or --unpaced).",
            { Unpaced: false, DynamoDbEndpoint: null } =>
                "the Proton budget lives in the idempotency table: give --dynamodb-endpoint (bash bench/mass-rollback.sh starts moto for it), or --unpaced.",
            { DynamoDbEndpoint: null, TableName: not null } => "--table goes with --dynamodb-endpoint.",
            { TableName: { } name } when !TableNamePattern().IsMatch(name) => $"--table NAME must be a DynamoDB table name (3-255 of A-Z a-z 0-9 _ . -), not '{TableName}'.",
            { PlotPath: { } plot } when !plot.EndsWith(".png", StringComparison.OrdinalIgnoreCase) => $"--plot draws a PNG: give FILE.png, not '{plot}'.",
            _ => null,
        },
    };

    [GeneratedRegex("^[A-Za-z0-9_.-]{3,255}$")]
    private static partial Regex TableNamePattern();
}
