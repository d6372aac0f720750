using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace ProtonCancelLambda.Testing.Results;

/// <summary>
/// The sizing table of docs/OPERATING.md, from the runs of <c>bash bench/mass-rollback.sh</c> saved as
/// docs/results/bench/mass-rollback-N-cC[-shape].json: one row a run, against the bound Proton's rate limit sets,
/// with the Proton budget the function ran with (none: unpaced) and whether the idempotency table was on.
/// </summary>
internal static class MassRollbackTable
{
    public const string FilePrefix = "mass-rollback-";

    public static bool Holds(string fileName) => fileName.StartsWith(FilePrefix, StringComparison.Ordinal);

    public static string Render(IReadOnlyList<(string Name, JsonObject Json)> runs)
    {
        if (runs.Count == 0)
        {
            return "No mass-rollback runs in docs/results/bench.\n";
        }

        var text = new StringBuilder();
        foreach (var pacing in runs.GroupBy(r => Pacing(r.Json)).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"`bash bench/mass-rollback.sh`: {pacing.Key}.\n\n");
            text.Append("| requests | `MaximumConcurrency` | Proton budget/s (Get / Cancel) | table | bound | last outcome | outcomes | DLQ | lost | duplicates | Proton calls (Get / Cancel) | throttled | invocations | billed GB-s | run |\n");
            text.Append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
            foreach (var (name, json) in pacing.OrderBy(r => Int(r.Json, "requests")).ThenBy(r => Int(r.Json, "maximumConcurrency")).ThenBy(r => Budget(r.Json), StringComparer.Ordinal))
            {
                text.Append(CultureInfo.InvariantCulture, $"| {Number(Int(json, "requests"))} | {Int(json, "maximumConcurrency")} | {Budget(json)} | {Table(json)} | {Number(Double(json, "boundSeconds"))} s | {LastOutcome(json)} | {Outcomes(json)} | {Int(json, "deadLettered")} | {Int(json, "lost")} | {Int(json, "duplicates")} | {Calls(json, "protonCalls")} | {Double(json, "throttledShare"):P0} | {Int(json, "invocations")} | {Double(json, "billedGbSeconds"):0.#} | {Stamp(name, json)} |\n");
            }

            text.Append('\n');
        }

        return text.ToString().TrimEnd('\n') + "\n";
    }

    /// <summary>
    /// README's headline line: the largest saved run with a Proton budget, at each MaximumConcurrency it was run
    /// with; null without one.
    /// </summary>
    public static string? Headline(IReadOnlyList<(string Name, JsonObject Json)> runs)
    {
        var paced = runs.Where(r => r.Json["budget"] is JsonObject).ToList();
        if (paced.Count == 0)
        {
            return null;
        }

        var largest = paced.Max(r => Int(r.Json, "requests"));
        var sizes = paced.Where(r => Int(r.Json, "requests") == largest).OrderBy(r => Int(r.Json, "maximumConcurrency")).ToList();
        var first = sizes[0].Json;
        var stamp = RunStamp.FromJson(first["run"]);
        var each = sizes.Select(r => string.Create(CultureInfo.InvariantCulture, $"`MaximumConcurrency` {Int(r.Json, "maximumConcurrency")}: {LastOutcome(r.Json)}, {Double(r.Json, "throttledShare"):P0}, {Int(r.Json, "deadLettered")}"));
        return string.Create(CultureInfo.InvariantCulture, $"- **Mass rollback**: {Number(largest)} requests under Proton's rate limit ({Pacing(first)}), the fleet sharing one budget; last outcome (times the rate limit's bound), calls throttled, requests in the DLQ: {string.Join("; ", each)} (`bash bench/mass-rollback.sh`, {stamp.Date}, commit {RunStamp.Short(stamp.Commit)}).\n");
    }

    private static string Pacing(JsonObject json) =>
        string.Create(CultureInfo.InvariantCulture, $"GetEnvironment {Double(json, "getEnvironmentPerSecond")}/s, CancelEnvironmentDeployment {Double(json, "cancelPerSecond")}/s, every deployment settling {Double(json, "settleSeconds")} s after its cancel, clock speed {Double(json, "speed")}");

    /// <summary>"10 / 5", "none" (unpaced), or "not recorded" for a run from before the budget existed.</summary>
    private static string Budget(JsonObject json)
    {
        if (!json.ContainsKey("budget"))
        {
            return "not recorded";
        }

        return json["budget"] is JsonObject budget
            ? $"{Number(budget["getEnvironmentPerSecond"]?.GetValue<double>() ?? 0)} / {Number(budget["cancelPerSecond"]?.GetValue<double>() ?? 0)}"
            : "none";
    }

    private static string Table(JsonObject json) => json["idempotencyTable"]?.GetValue<bool>() switch
    {
        true => "on",
        false => "off",
        null => "not recorded",
    };

    private static string LastOutcome(JsonObject json)
    {
        var finished = json["finished"]?.GetValue<bool>() == true;
        if (json["lastOutcomeSeconds"] is not { } last)
        {
            return "none";
        }

        var seconds = last.GetValue<double>();
        var ratio = seconds / Double(json, "boundSeconds");
        return string.Create(CultureInfo.InvariantCulture, $"{Number(seconds)} s ({ratio:0.00}x){(finished ? string.Empty : ", unfinished")}");
    }

    private static string Outcomes(JsonObject json)
    {
        var outcomes = json["outcomes"]?.AsObject() ?? [];
        return outcomes.Count == 0 ? "none" : string.Join(", ", outcomes.Select(o => $"{o.Key} {o.Value}"));
    }

    private static string Calls(JsonObject json, string member)
    {
        var calls = json[member]?.AsObject() ?? [];
        return $"{Number(calls["GetEnvironment"]?.GetValue<double>() ?? 0)} / {Number(calls["CancelEnvironmentDeployment"]?.GetValue<double>() ?? 0)}";
    }

    private static string Stamp(string name, JsonObject json)
    {
        var stamp = RunStamp.FromJson(json["run"]);
        return $"{stamp.Date}, commit {RunStamp.Short(stamp.Commit)} ({name})";
    }

    private static int Int(JsonObject json, string member) => json[member]?.GetValue<int>() ?? 0;

    private static double Double(JsonObject json, string member) => json[member]?.GetValue<double>() ?? 0;

    private static string Number(double value) => value.ToString(value == Math.Floor(value) ? "#,0" : "#,0.0", CultureInfo.InvariantCulture);
}
