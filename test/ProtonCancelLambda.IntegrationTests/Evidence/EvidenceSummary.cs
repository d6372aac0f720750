using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ProtonCancelLambda.IntegrationTests.Infrastructure;
using ProtonCancelLambda.Local.Rig;
using ProtonCancelLambda.Local.Simulator.Metrics;
using ProtonCancelLambda.Testing.Results;

namespace ProtonCancelLambda.IntegrationTests.Evidence;

/// <summary>
/// One scenario's numbers: requests, outcomes by kind, lost (requests with no outcome), duplicates (extra
/// notifications beyond one per request) and the rule violations found. Printed to the test output and
/// stdout, and written to artifacts/evidence/NAME.json, which <c>.ci/evidence.sh</c> tabulates and checks and
/// <see cref="ResultTables"/> turns into the fault table (with the run's commit and machine).
/// </summary>
public sealed record EvidenceSummary
{
    public required string Scenario { get; init; }

    public required int Requests { get; init; }

    public required int Notifications { get; init; }

    public required SortedDictionary<string, int> Outcomes { get; init; }

    public required int Lost { get; init; }

    public required int Duplicates { get; init; }

    public required IReadOnlyList<string> Violations { get; init; }

    public Dictionary<string, double> Measures { get; init; } = [];

    /// <summary>The row's name in the fault table; the scenario's name when not set.</summary>
    public string? Title { get; init; }

    /// <summary>Measures the fault table shows beside the outcomes.</summary>
    public IReadOnlyList<string> Highlights { get; init; } = [];

    /// <summary>The fault table's order: the order <c>.ci/evidence.sh</c> lists the scenarios in.</summary>
    public static IReadOnlyList<string> TableOrder { get; } =
    [
        "matrix-throttle-every-2nd", "matrix-server-errors-30pct", "matrix-latency-2s", "matrix-sns-unreachable", "matrix-killed-mid-batch",
        "matrix-deadline-mid-poll", "matrix-duplicates-x3", "matrix-idempotent-duplicates-x3", "matrix-idempotent-killed-mid-batch",
        "matrix-idempotent-late-duplicate", "matrix-late-redelivery", "matrix-sns-refuses-for-good", "matrix-sns-hangs-near-deadline",
        "matrix-watch-20-handovers", "load", "corpus", "mass-rollback",
    ];

    /// <summary>Adds <paramref name="problems"/> to the violations.</summary>
    public EvidenceSummary With(params IEnumerable<string?> problems) =>
        this with { Violations = [.. Violations, .. problems.OfType<string>()] };

    /// <summary>
    /// CancelEnvironmentDeployment calls per deployment, as the simulator counted them (refused ones included):
    /// records the most and names every environment cancelled more often than <paramref name="allowed"/> says.
    /// </summary>
    public EvidenceSummary WithCancelsAtMost(LocalRig rig, Func<string, int> allowed)
    {
        var calls = rig.Simulator.Timelines.ToDictionary(t => t.EnvironmentName, t => t.CancelCalls);
        Measures["maxCancelsPerDeployment"] = calls.Values.DefaultIfEmpty(0).Max();
        return With(calls.Where(c => c.Value > allowed(c.Key)).Select(c => $"{c.Key}: CancelEnvironmentDeployment called {c.Value} times; at most {allowed(c.Key)} allowed"));
    }

    /// <summary>A violation unless the notifications' outcomes are exactly <paramref name="expected"/>.</summary>
    public EvidenceSummary WithOutcomes(IReadOnlyDictionary<string, int> expected) =>
        Outcomes.Count == expected.Count && expected.All(e => Outcomes.GetValueOrDefault(e.Key) == e.Value)
            ? this
            : With($"outcomes {Describe(Outcomes)}; expected {Describe(expected)}");

    /// <summary>A violation unless the extra notifications are exactly <paramref name="expected"/>.</summary>
    public EvidenceSummary WithDuplicates(int expected) =>
        Duplicates == expected ? this : With($"{Duplicates} extra notifications; expected {expected}");

    private static string Describe(IEnumerable<KeyValuePair<string, int>> outcomes) =>
        "{" + string.Join(", ", outcomes.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key}:{o.Value}")) + "}";

    public static string Directory { get; } = System.IO.Directory.CreateDirectory(RepoFiles.PathOf("artifacts", "evidence")).FullName;

    public static string PathFor(string fileName) => Path.Combine(Directory, fileName);

    /// <summary>Groups the notifications by requestId and checks each request against <paramref name="judge"/>.</summary>
    public static EvidenceSummary Tally(string scenario, IReadOnlyCollection<string> requestIds, IEnumerable<JsonElement> notifications, Func<string, IReadOnlyList<JsonElement>, string?> judge)
    {
        var byRequest = notifications.GroupBy(n => n.GetProperty("requestId").GetString() ?? string.Empty).ToDictionary(g => g.Key, g => (IReadOnlyList<JsonElement>)g.ToList());
        var all = byRequest.Values.SelectMany(n => n).ToList();
        var violations = new List<string>();
        foreach (var id in requestIds)
        {
            if (byRequest.TryGetValue(id, out var published) && judge(id, published) is { } problem)
            {
                violations.Add($"{id}: {problem}");
            }
        }

        var strangers = byRequest.Keys.Except(requestIds).ToList();
        violations.AddRange(strangers.Select(id => $"{id}: a notification for a request nobody sent: {byRequest[id][0].GetProperty("outcome")} {byRequest[id][0].GetProperty("error")}"));
        return new EvidenceSummary
        {
            Scenario = scenario,
            Requests = requestIds.Count,
            Notifications = all.Count,
            Outcomes = new SortedDictionary<string, int>(all.GroupBy(n => n.GetProperty("outcome").GetString() ?? "?").ToDictionary(g => g.Key, g => g.Count()), StringComparer.Ordinal),
            Lost = requestIds.Count(id => !byRequest.ContainsKey(id)),
            Duplicates = requestIds.Sum(id => Math.Max(0, byRequest.GetValueOrDefault(id)?.Count - 1 ?? 0)),
            Violations = violations,
        };
    }

    public EvidenceSummary WithCalls(ProtonCallCounts calls, SourceStats? source, TimeSpan elapsed)
    {
        Measures["protonCalls"] = calls.Total;
        Measures["getEnvironment"] = calls.GetEnvironment;
        Measures["cancel"] = calls.CancelEnvironmentDeployment;
        Measures["throttled"] = calls.Throttled;
        Measures["serverErrors"] = calls.ServerErrors;
        if (source is not null)
        {
            Measures["invocations"] = source.Invocations;
            Measures["invocationErrors"] = source.InvocationErrors;
            Measures["batchItemFailures"] = source.BatchItemFailures;
            Measures["continuations"] = source.Continuations;
            Measures["crashes"] = source.Crashes;
            Measures["timeouts"] = source.Timeouts;
            Measures["loopsStopped"] = source.LoopsStopped;
            Measures["longestChain"] = source.LongestChain;
        }

        Measures["seconds"] = Math.Round(elapsed.TotalSeconds, 1);
        return this;
    }

    /// <summary>Prints the summary (test output and stdout) and writes its JSON file.</summary>
    public void Report()
    {
        var text = ToString();
        TestContext.Current.TestOutputHelper?.WriteLine(text);
        Console.WriteLine(text);
        var json = new JsonObject
        {
            ["scenario"] = Scenario,
            ["title"] = Title ?? Scenario,
            ["order"] = TableOrder.Contains(Scenario) ? TableOrder.ToList().IndexOf(Scenario) : TableOrder.Count,
            ["run"] = RunStamp.Now().ToJson(),
            ["scale"] = EvidenceScale.Factor,
            ["requests"] = Requests,
            ["notifications"] = Notifications,
            ["outcomes"] = new JsonObject(Outcomes.Select(o => KeyValuePair.Create(o.Key, (JsonNode?)o.Value))),
            ["lost"] = Lost,
            ["duplicates"] = Duplicates,
            ["violations"] = new JsonArray(Violations.Take(50).Select(v => (JsonNode?)v).ToArray()),
            ["violationCount"] = Violations.Count,
            ["measures"] = new JsonObject(Measures.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => KeyValuePair.Create(m.Key, (JsonNode?)m.Value))),
            ["highlights"] = new JsonArray([.. Highlights.Select(h => (JsonNode?)h)]),
        };
        File.WriteAllText(PathFor(Scenario + ".json"), json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"[evidence] {Scenario}: requests={Requests} notifications={Notifications} lost={Lost} duplicates={Duplicates} violations={Violations.Count}");
        text.Append(" outcomes={").AppendJoin(", ", Outcomes.Select(o => $"{o.Key}:{o.Value}")).Append('}');
        text.Append(' ').AppendJoin(' ', Measures.Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.Key}={m.Value}")));
        foreach (var violation in Violations.Take(10))
        {
            text.AppendLine().Append("  violation: ").Append(violation);
        }

        return text.ToString();
    }
}
