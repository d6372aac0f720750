using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ProtonCancelLambda.Configuration;
using ProtonCancelLambda.Local.Clock;
using ProtonCancelLambda.Local.DynamoDb;
using ProtonCancelLambda.Local.Rig;
using ProtonCancelLambda.Local.RuntimeEmulator;
using ProtonCancelLambda.Local.Services;
using ProtonCancelLambda.Local.Simulator;
using ProtonCancelLambda.Local.Simulator.Scenario;
using ProtonCancelLambda.Local.Simulator.Signing;

namespace ProtonCancelLambda.Local.EventSource;

/// <summary>
/// A mass rollback: <see cref="Requests"/> cancel requests enqueued at once on the request queue, each for its own
/// IN_PROGRESS deployment that settles CANCELLED <see cref="SettleSeconds"/> after its cancel, under the account's
/// Proton rate limits, worked by up to <see cref="MaximumConcurrency"/> execution environments; with a
/// <see cref="Table"/>, as template.yaml deploys the function (the idempotency table on), sharing one
/// <see cref="Budget"/> of Proton calls kept in that table.
/// </summary>
public sealed record MassRollback(int Requests, int MaximumConcurrency)
{
    public double GetEnvironmentPerSecond { get; init; } = 10;

    public double CancelPerSecond { get; init; } = 5;

    public double SettleSeconds { get; init; } = 30;

    /// <summary>
    /// How many times faster than real time the simulator and the queue run. The function runs on real time, so
    /// its time settings (poll waits, poll window, timeout, watch limit) are divided by the speed to match; its
    /// retry backoffs and the delays of its continuations (whole seconds, delivered on the faster queue) are not,
    /// so above 1 the run is a sketch, not a measurement.
    /// </summary>
    public double Speed { get; init; } = 1;

    /// <summary>
    /// The idempotency table every function process uses (created as the template creates it); null: none, and
    /// then no budget either (it lives in the table).
    /// </summary>
    public DynamoDbTable? Table { get; init; }

    /// <summary>True: the function runs without a Proton budget (the numbers before it).</summary>
    public bool Unpaced { get; init; }

    /// <summary>The budget's GetEnvironment calls a second when not the rate limit's (a budget set too high).</summary>
    public double? BudgetGetEnvironmentPerSecond { get; init; }

    /// <summary>The budget's CancelEnvironmentDeployment calls a second when not the rate limit's.</summary>
    public double? BudgetCancelPerSecond { get; init; }

    /// <summary>
    /// The shared Proton budget the function runs with: by default the scenario's rate limits, as an operator who
    /// knows the account's Proton rate configures it; null when <see cref="Unpaced"/>.
    /// </summary>
    public ProtonBudget? Budget => Unpaced ? null : new(BudgetGetEnvironmentPerSecond ?? GetEnvironmentPerSecond, BudgetCancelPerSecond ?? CancelPerSecond);

    /// <summary>
    /// The least time to the last outcome the rate limits allow (seconds): the last cancel cannot come before the
    /// cancel bucket has let N through, and it settles <see cref="SettleSeconds"/> later; every request also
    /// needs two GetEnvironment calls (the look before its cancel, and one that sees it settled).
    /// <c>max((N - burstCancel) / cancelRate + settle, (2N - burstGet) / getRate)</c>, bursts equal to the rates.
    /// </summary>
    public double BoundSeconds => Math.Max(
        (Math.Max(0, Requests - CancelPerSecond) / CancelPerSecond) + SettleSeconds,
        Math.Max(0, (2 * Requests) - GetEnvironmentPerSecond) / GetEnvironmentPerSecond);

    public static string RequestIdOf(int index) => string.Create(CultureInfo.InvariantCulture, $"mr-{index:0000}");

    public SimulationScenario Scenario() => new()
    {
        Environments = [.. Enumerable.Range(0, Requests).Select(i => new ScenarioEnvironment
        {
            Name = RequestIdOf(i),
            LastAttemptedDeploymentId = "d-" + RequestIdOf(i),
            Cancel = new ScenarioCancel { SettlesAs = DeploymentStatuses.Cancelled, AfterSeconds = SettleSeconds },
        })],
        RateLimits = new Dictionary<string, ScenarioRateLimit>(StringComparer.Ordinal)
        {
            ["GetEnvironment"] = new() { PerSecond = GetEnvironmentPerSecond, Burst = GetEnvironmentPerSecond },
            ["CancelEnvironmentDeployment"] = new() { PerSecond = CancelPerSecond, Burst = CancelPerSecond },
        },
    };

    /// <summary>The function's settings at <see cref="Speed"/>: the defaults' times divided by it.</summary>
    public IReadOnlyDictionary<string, string> TimeSettings() => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [SettingNames.PollInitialSeconds] = Scaled(SettingRanges.PollInitialSeconds),
        [SettingNames.PollMaxSeconds] = Scaled(SettingRanges.PollMaxSeconds),
        [SettingNames.PollWindowSeconds] = Scaled(SettingRanges.PollWindowSeconds),
        [SettingNames.MaxWatchSeconds] = Scaled(SettingRanges.MaxWatchSeconds),
    };

    /// <summary>Runs it on <paramref name="launch"/> (one process per environment) and measures.</summary>
    public async Task<MassRollbackResult> RunAsync(FunctionLaunch launch, TemplateRules rules, TextWriter log, TimeSpan limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rules);
        if (Budget is not null && Table is null)
        {
            throw new InvalidOperationException("The Proton budget lives in the idempotency table: give the run a Table, or run it Unpaced.");
        }

        TimeProvider clock = Speed > 1 ? new ScaledTimeProvider(Speed) : TimeProvider.System;
        var credentials = Table is null ? SimulatorCredentials.Default : SimulatorCredentials.DefaultAnd(Table.AccessKeyId, Table.SecretAccessKey);
        await using var simulator = await AwsSimulator.StartAsync(new SimulatorOptions { Scenario = Scenario(), Clock = clock, Credentials = credentials }, cancellationToken).ConfigureAwait(false);
        var variables = FunctionVariables.DefaultsWith([.. TimeSettings(), .. await TableSettingsAsync(cancellationToken).ConfigureAwait(false)]);
        variables[SettingNames.EndpointUrlSqs] = simulator.Endpoint.ToString();
        variables[SettingNames.RequestQueueUrl] = simulator.RequestQueueUrl.ToString();
        var requestIds = Enumerable.Range(0, Requests).Select(RequestIdOf).ToHashSet(StringComparer.Ordinal);
        await using var fleet = new FunctionFleet(simulator, variables, launch, log, MaximumConcurrency);
        var source = new QueueEventSource(simulator.RequestQueue, rules with { MaximumConcurrency = MaximumConcurrency }, clock);

        var start = clock.GetUtcNow();
        foreach (var id in requestIds)
        {
            simulator.RequestQueue.Send(new JsonObject { ["environmentName"] = id, ["requestId"] = id, ["reason"] = "mass rollback" }.ToJsonString(), TimeSpan.Zero, null);
        }

        var timeout = TimeSpan.FromSeconds(rules.FunctionTimeout.TotalSeconds / Speed);
        bool Settled() => simulator.SnsMessages.Select(m => RequestIdIn(m.Message)).Distinct().Count() + source.DeadLettered.Count >= Requests;
        var finished = await source.RunAsync(fleet, timeout, Settled, limit, cancellationToken).ConfigureAwait(false);
        var budgetItems = Table is null ? (int?)null : await IdempotencyTableSetup.CountAsync(Table.Endpoint, Table.Name, Table.Credentials, ProtonBudget.ItemIdPrefix, cancellationToken).ConfigureAwait(false);
        return MassRollbackResult.Measure(this, new FleetRun(finished, start, simulator, source, fleet.ColdStarts, rules.MemorySizeMb, budgetItems));
    }

    /// <summary>Creates the table (when there is one) and returns the settings that point the function at it and set the budget.</summary>
    private async Task<Dictionary<string, string>> TableSettingsAsync(CancellationToken cancellationToken)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Table is null)
        {
            return settings;
        }

        await IdempotencyTableSetup.EnsureAsync(Table.Endpoint, Table.Name, Table.Credentials, cancellationToken).ConfigureAwait(false);
        settings[SettingNames.IdempotencyTableName] = Table.Name;
        settings[SettingNames.EndpointUrlDynamoDb] = Table.Endpoint.ToString();
        settings["AWS_ACCESS_KEY_ID"] = Table.AccessKeyId;
        settings["AWS_SECRET_ACCESS_KEY"] = Table.SecretAccessKey;
        foreach (var (name, value) in Budget?.Settings(Speed) ?? new Dictionary<string, string>())
        {
            settings[name] = value;
        }

        return settings;
    }

    internal static string RequestIdIn(string notification)
    {
        using var document = JsonDocument.Parse(notification);
        return document.RootElement.GetProperty("requestId").GetString() ?? string.Empty;
    }

    private string Scaled(NumericSetting setting) =>
        Math.Max(setting.Min, setting.Default / Speed).ToString("0.###", CultureInfo.InvariantCulture);
}
