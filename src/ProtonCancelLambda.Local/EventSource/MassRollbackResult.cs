using System.Text.Json;
using System.Text.Json.Serialization;
using ProtonCancelLambda.Local.Services;
using ProtonCancelLambda.Local.Simulator;

namespace ProtonCancelLambda.Local.EventSource;

/// <summary>
/// What one mass rollback measured; times are on the simulator's clock (the scenario's seconds, whatever the
/// speed). Written as one JSON object by the bench (field names as here, camelCase).
/// </summary>
public sealed record MassRollbackResult
{
    public required int Requests { get; init; }

    public required int MaximumConcurrency { get; init; }

    public required double GetEnvironmentPerSecond { get; init; }

    public required double CancelPerSecond { get; init; }

    public required double SettleSeconds { get; init; }

    public required double Speed { get; init; }

    /// <summary>The shared Proton budget the function ran with (calls a second, scenario time); null: none (unpaced).</summary>
    public required ProtonBudget? Budget { get; init; }

    /// <summary>Whether the function ran with the idempotency table (as template.yaml deploys it).</summary>
    public required bool IdempotencyTable { get; init; }

    /// <summary>
    /// The budget's window items (ids starting <see cref="ProtonBudget.ItemIdPrefix"/>) in the table after the run;
    /// null without a table. None under a budget means the function kept none: a build that does not read the
    /// budget's settings.
    /// </summary>
    public required int? BudgetItems { get; init; }

    /// <summary>False when the run hit its time limit before every request was answered or dead-lettered.</summary>
    public required bool Finished { get; init; }

    /// <summary>The rate limit's bound, <see cref="MassRollback.BoundSeconds"/>.</summary>
    public required double BoundSeconds { get; init; }

    /// <summary>From enqueueing to the last request's first outcome; null when none.</summary>
    public required double? LastOutcomeSeconds { get; init; }

    /// <summary>First outcome per request, by kind (CANCELLED, ERROR, ...).</summary>
    public required IReadOnlyDictionary<string, int> Outcomes { get; init; }

    /// <summary>Notifications beyond the first for a request.</summary>
    public required int Duplicates { get; init; }

    /// <summary>Requests with neither an outcome nor a dead-lettered message.</summary>
    public required int Lost { get; init; }

    public required int DeadLettered { get; init; }

    public required IReadOnlyDictionary<string, int> ProtonCalls { get; init; }

    public required IReadOnlyDictionary<string, int> ProtonThrottles { get; init; }

    public required int Invocations { get; init; }

    public required int FailedRecords { get; init; }

    public required int ColdStarts { get; init; }

    /// <summary>Invocation time (real) x memory: what Lambda would bill at this speed.</summary>
    public required double BilledGbSeconds { get; init; }

    /// <summary>Per second of the run (scenario time): outcomes so far, and Proton calls and throttles in that second.</summary>
    public required IReadOnlyList<MassRollbackSecond> Timeline { get; init; }

    public double ThrottledShare => ProtonCalls.Values.Sum() is var calls and > 0 ? ProtonThrottles.Values.Sum() / (double)calls : 0;

    public string ToJson() => JsonSerializer.Serialize(this, MassRollbackJsonContext.Default.MassRollbackResult);

    /// <summary>A saved run read back (fields it does not know, such as the bench's stamp, are left out).</summary>
    public static MassRollbackResult FromJson(string json) =>
        JsonSerializer.Deserialize(json, MassRollbackJsonContext.Default.MassRollbackResult) ?? throw new JsonException("A mass-rollback run is a JSON object, not null.");

    internal static MassRollbackResult Measure(MassRollback run, FleetRun fleet)
    {
        var (finished, start, simulator, source, coldStarts, memoryMb, budgetItems) = fleet;
        var notifications = simulator.SnsMessages.Select(m => (Id: MassRollback.RequestIdIn(m.Message), Outcome: OutcomeIn(m.Message), At: (m.ReceivedAt - start).TotalSeconds)).ToList();
        var first = notifications.GroupBy(n => n.Id).Select(g => g.First()).ToList();
        var deadLettered = source.DeadLettered.Select(m => m.Body).Distinct().Count();
        var calls = simulator.Calls;
        var history = simulator.CallHistory;
        var seconds = (int)Math.Ceiling(Math.Max(first.Count == 0 ? 0 : first.Max(n => n.At), history.Count == 0 ? 0 : (history[^1].At - start).TotalSeconds)) + 1;
        var timeline = Enumerable.Range(0, seconds).Select(s => new MassRollbackSecond(
            s,
            first.Count(n => n.At < s + 1),
            history.Count(c => (int)(c.At - start).TotalSeconds == s),
            history.Count(c => c.Throttled && (int)(c.At - start).TotalSeconds == s))).ToList();
        return new MassRollbackResult
        {
            Requests = run.Requests,
            MaximumConcurrency = run.MaximumConcurrency,
            GetEnvironmentPerSecond = run.GetEnvironmentPerSecond,
            CancelPerSecond = run.CancelPerSecond,
            SettleSeconds = run.SettleSeconds,
            Speed = run.Speed,
            Budget = run.Budget,
            IdempotencyTable = run.Table is not null,
            BudgetItems = budgetItems,
            Finished = finished,
            BoundSeconds = run.BoundSeconds,
            LastOutcomeSeconds = first.Count == 0 ? null : Math.Round(first.Max(n => n.At), 2),
            Outcomes = first.GroupBy(n => n.Outcome).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
            Duplicates = notifications.Count - first.Count,
            Lost = Math.Max(0, run.Requests - first.Count - deadLettered),
            DeadLettered = deadLettered,
            ProtonCalls = new Dictionary<string, int>(StringComparer.Ordinal) { ["GetEnvironment"] = calls.GetEnvironment, ["CancelEnvironmentDeployment"] = calls.CancelEnvironmentDeployment },
            ProtonThrottles = new Dictionary<string, int>(StringComparer.Ordinal) { ["GetEnvironment"] = calls.ThrottledOf("GetEnvironment"), ["CancelEnvironmentDeployment"] = calls.ThrottledOf("CancelEnvironmentDeployment") },
            Invocations = source.Stats.Invocations,
            FailedRecords = source.Stats.FailedRecords,
            ColdStarts = coldStarts,
            BilledGbSeconds = Math.Round(source.Stats.Billed.TotalSeconds * memoryMb / 1024, 2),
            Timeline = timeline,
        };
    }

    private static string OutcomeIn(string notification)
    {
        using var document = JsonDocument.Parse(notification);
        return document.RootElement.GetProperty("outcome").GetString() ?? "?";
    }
}

/// <summary>What a fleet run left to measure: the simulator's and the event source's counts, and the table's budget items.</summary>
internal sealed record FleetRun(bool Finished, DateTimeOffset Start, AwsSimulator Simulator, QueueEventSource Source, int ColdStarts, int MemoryMb, int? BudgetItems);

/// <summary>One second of a mass rollback: outcomes settled by its end, Proton calls and throttles during it.</summary>
public sealed record MassRollbackSecond(int Second, int OutcomesSoFar, int ProtonCalls, int ProtonThrottles);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(MassRollbackResult))]
internal sealed partial class MassRollbackJsonContext : JsonSerializerContext;
