using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ProtonCancelLambda.Testing.Results;

/// <summary>
/// Writes the published tables from the committed run output, so no figure in them is typed by hand:
/// docs/results/bench/*.json (written by <c>bash bench/run.sh</c>) become the goal table, and
/// docs/results/evidence/*.json (written by the evidence tests, saved by <c>.ci/evidence.sh --save</c>) the
/// fault table, both in docs/PERFORMANCE.md; the rows marked as headlines become README.md's headline lines; the
/// mass-rollback runs (docs/results/bench/mass-rollback-*.json) the sizing table of docs/OPERATING.md.
/// Each table sits between <c>&lt;!-- generated:NAME --&gt;</c> and <c>&lt;!-- /generated:NAME --&gt;</c>; a file
/// without a block's markers is left alone. A test holds the committed files to what this class writes.
/// </summary>
public static partial class ResultTables
{
    public const string Goals = "goals";
    public const string Faults = "faults";
    public const string Headline = "headline";
    public const string MassRollback = "mass-rollback";

    /// <summary>The files whose blocks are generated, and the blocks each may hold.</summary>
    public static IReadOnlyList<(string File, string[] Blocks)> Targets { get; } =
    [
        (Path.Combine("docs", "PERFORMANCE.md"), [Goals, Faults]),
        ("README.md", [Headline]),
        (Path.Combine("docs", "OPERATING.md"), [MassRollback]),
    ];

    public static string ResultsDirectory(string root) => Path.Combine(root, "docs", "results");

    /// <summary>Every block's text, rendered from the run output under <paramref name="resultsDirectory"/>.</summary>
    public static IReadOnlyDictionary<string, string> Render(string resultsDirectory)
    {
        var benchFiles = Load(Path.Combine(resultsDirectory, "bench"));
        var bench = benchFiles.Where(f => !MassRollbackTable.Holds(f.Name)).ToList();
        var evidence = Load(Path.Combine(resultsDirectory, "evidence"));
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [Goals] = RenderGoals(bench),
            [MassRollback] = MassRollbackTable.Render([.. benchFiles.Where(f => MassRollbackTable.Holds(f.Name))]),
            [Faults] = RenderFaults(evidence),
            [Headline] = RenderHeadline(bench, evidence, MassRollbackTable.Headline([.. benchFiles.Where(f => MassRollbackTable.Holds(f.Name))])),
        };
    }

    /// <summary><paramref name="text"/> with each generated block that it holds replaced by <paramref name="blocks"/>' text.</summary>
    public static string Apply(string text, IReadOnlyDictionary<string, string> blocks) =>
        Block().Replace(text, match =>
            blocks.TryGetValue(match.Groups["name"].Value, out var content)
                ? $"<!-- generated:{match.Groups["name"].Value} -->\n{content}<!-- /generated:{match.Groups["name"].Value} -->"
                : match.Value);

    /// <summary>The names of the generated blocks <paramref name="text"/> holds.</summary>
    public static IReadOnlyList<string> BlocksIn(string text) => [.. Block().Matches(text).Select(m => m.Groups["name"].Value)];

    /// <summary>Rewrites every target's blocks under <paramref name="root"/>; returns the files that changed.</summary>
    public static IReadOnlyList<string> Write(string root)
    {
        var blocks = Render(ResultsDirectory(root));
        var changed = new List<string>();
        foreach (var (file, _) in Targets)
        {
            var path = Path.Combine(root, file);
            if (!File.Exists(path))
            {
                continue;
            }

            var before = File.ReadAllText(path);
            var after = Apply(before, blocks);
            if (after != before)
            {
                File.WriteAllText(path, after);
                changed.Add(file);
            }
        }

        return changed;
    }

    private static string RenderGoals(IReadOnlyList<(string Name, JsonObject Json)> files)
    {
        var text = new StringBuilder();
        foreach (var (name, json) in files)
        {
            var stamp = RunStamp.FromJson(json["run"]);
            text.Append(CultureInfo.InvariantCulture, $"`bench/run.sh`, {stamp.Date}, commit {RunStamp.Short(stamp.Commit)}; {stamp.Machine}");
            if (json["run"]?["sdk"] is { } sdk)
            {
                text.Append(CultureInfo.InvariantCulture, $"; .NET SDK {sdk}");
            }

            if (json["run"]?["loadAverage"] is { } load)
            {
                text.Append(CultureInfo.InvariantCulture, $"; load average {load}");
            }

            text.Append(CultureInfo.InvariantCulture, $" (docs/results/bench/{name}).\n");
            if (json["binaries"] is JsonArray { Count: > 0 } binaries)
            {
                text.Append("Binaries: ").AppendJoin("; ", binaries.Select(b => $"{b!["name"]} from commit {RunStamp.Short(b["commit"]?.GetValue<string>() ?? RunStamp.Unrecorded)}")).Append(".\n");
            }

            text.Append("\n| Goal | Measured | Target | Result | Notes |\n|---|---|---|---|---|\n");
            foreach (var row in Rows(json))
            {
                text.Append(CultureInfo.InvariantCulture, $"| {row["goal"]} | {row["measured"]} | {row["target"]} | {Result(row)} | {row["notes"]} |\n");
            }

            if (json["lines"] is JsonArray { Count: > 0 } lines)
            {
                text.Append("\n```\n").AppendJoin('\n', lines.Select(line => line!.GetValue<string>())).Append("\n```\n");
            }

            text.Append('\n');
        }

        return files.Count == 0 ? "No bench results in docs/results/bench.\n" : text.ToString().TrimEnd('\n') + "\n";
    }

    private static string RenderFaults(IReadOnlyList<(string Name, JsonObject Json)> files)
    {
        if (files.Count == 0)
        {
            return "No evidence summaries in docs/results/evidence.\n";
        }

        var text = new StringBuilder();
        var stamps = files.Select(f => RunStamp.FromJson(f.Json["run"])).ToList();
        var scales = files.Select(f => f.Json["scale"]?.GetValue<int>() ?? 1).Distinct().Order();
        text.Append(CultureInfo.InvariantCulture, $"`.ci/evidence.sh`, scale {string.Join(", ", scales)}, {stamps.Min(s => s.Date)} to {stamps.Max(s => s.Date)}; ")
            .AppendJoin("; ", stamps.GroupBy(s => (s.Commit, s.Machine)).Select(g => $"commit {RunStamp.Short(g.Key.Commit)}, {g.Key.Machine}"))
            .Append(" (docs/results/evidence).\n\n");
        text.Append("| scenario | requests | lost | extra notifications | most cancels of one deployment | violations | outcomes |\n|---|---|---|---|---|---|---|\n");
        foreach (var (_, json) in files.OrderBy(f => f.Json["order"]?.GetValue<int>() ?? int.MaxValue).ThenBy(f => f.Name, StringComparer.Ordinal))
        {
            var measures = json["measures"]?.AsObject();
            var cancels = measures?["maxCancelsPerDeployment"] is { } most ? Number(most.GetValue<double>()) : "-";
            text.Append(CultureInfo.InvariantCulture, $"| {json["title"] ?? json["scenario"]} | {Number(json["requests"]!.GetValue<int>())} | {json["lost"]} | {json["duplicates"]} | {cancels} | {json["violationCount"]} | {Outcomes(json)} |\n");
        }

        return text.ToString();
    }

    private static string RenderHeadline(IReadOnlyList<(string Name, JsonObject Json)> bench, IReadOnlyList<(string Name, JsonObject Json)> evidence, string? massRollback)
    {
        var text = new StringBuilder();
        var rows = bench.SelectMany(f => Rows(f.Json)).ToList();
        if (rows.Count > 0)
        {
            var stamp = RunStamp.FromJson(bench[0].Json["run"]);
            text.Append(CultureInfo.InvariantCulture, $"- **Goals**: {rows.Count(r => r["pass"]?.GetValue<bool>() == true)} of {rows.Count} met (`bash bench/run.sh`, {stamp.Date}, commit {RunStamp.Short(stamp.Commit)}, {stamp.Machine})");
            var headlines = rows.Where(r => r["headline"]?.GetValue<bool>() == true).Select(r => $"{r["goal"]} {r["measured"]} ({r["target"]})").ToList();
            text.Append(headlines.Count > 0 ? ": " + string.Join("; ", headlines) : string.Empty).Append(".\n");
        }

        if (evidence.Count > 0)
        {
            var requests = evidence.Sum(e => e.Json["requests"]!.GetValue<int>());
            var lost = evidence.Sum(e => e.Json["lost"]!.GetValue<int>());
            var violations = evidence.Sum(e => e.Json["violationCount"]!.GetValue<int>());
            var stamp = RunStamp.FromJson(evidence[0].Json["run"]);
            text.Append(CultureInfo.InvariantCulture, $"- **Faults**: {evidence.Count} scenarios, {Number(requests)} requests, {lost} lost, {violations} rule violations (`.ci/evidence.sh`, {stamp.Date}, commit {RunStamp.Short(stamp.Commit)}).\n");
        }

        text.Append(massRollback);
        return text.Length == 0 ? "No results in docs/results.\n" : text.ToString();
    }

    /// <summary>"CANCELLED 20 (219 calls, 109 throttled)": the outcomes by kind, then the measures the scenario highlights.</summary>
    private static string Outcomes(JsonObject json)
    {
        var outcomes = json["outcomes"]?.AsObject() ?? [];
        var text = outcomes.Count == 0 ? "none published" : string.Join(", ", outcomes.Select(o => $"{o.Key} {o.Value}"));
        var measures = json["measures"]?.AsObject() ?? [];
        var highlights = (json["highlights"]?.AsArray() ?? [])
            .Select(h => h!.GetValue<string>())
            .Where(measures.ContainsKey)
            .Select(key => $"{Number(measures[key]!.GetValue<double>())} {Labels.GetValueOrDefault(key, key)}")
            .ToList();
        return highlights.Count == 0 ? text : $"{text} ({string.Join(", ", highlights)})";
    }

    private static readonly Dictionary<string, string> Labels = new(StringComparer.Ordinal)
    {
        ["protonCalls"] = "Proton calls",
        ["cancel"] = "cancel calls",
        ["throttled"] = "throttled",
        ["serverErrors"] = "server errors",
        ["continuations"] = "continuations",
        ["invocations"] = "invocations",
        ["crashes"] = "process kill(s)",
        ["longestChain"] = "invocations in the longest chain",
        ["loopsStopped"] = "stopped by loop detection",
        ["timeouts"] = "invocation timeouts",
        ["deadLettered"] = "in the DLQ",
        ["deliveries"] = "deliveries",
        ["wrongCancellations"] = "wrong cancellations",
        ["lateDeliveries"] = "late copies delivered",
        ["lateNotifications"] = "notifications for late copies",
        ["kinds"] = "kinds of bad input",
        ["unrecognizedEventErrors"] = "invocation errors (not events)",
        ["seconds"] = "s",
        ["lastOutcomeSeconds"] = "s to the last outcome",
        ["boundSeconds"] = "s the rate limits' bound",
    };

    private static IEnumerable<JsonObject> Rows(JsonObject json) => (json["rows"]?.AsArray() ?? []).Select(r => r!.AsObject());

    private static string Result(JsonObject row) => row["pass"]?.GetValue<bool>() == true ? "PASS" : "MISS";

    private static string Number(double value) => value.ToString(value == Math.Floor(value) ? "#,0" : "#,0.0", CultureInfo.InvariantCulture);

    private static List<(string Name, JsonObject Json)> Load(string directory) =>
        !Directory.Exists(directory)
            ? []
            : [.. Directory.EnumerateFiles(directory, "*.json")
                .Order(StringComparer.Ordinal)
                .Select(path => (Path.GetFileName(path), JsonNode.Parse(File.ReadAllText(path))!.AsObject()))
                .OrderBy(f => f.Item1 == "goals.json" ? 0 : 1)];

    [GeneratedRegex(@"<!-- generated:(?<name>[a-z\-]+) -->\n.*?<!-- /generated:\k<name> -->", RegexOptions.Singleline)]
    private static partial Regex Block();
}
