using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ProtonCancelLambda.IntegrationTests.Infrastructure;
using ProtonCancelLambda.Local.Simulator.Metrics;

namespace ProtonCancelLambda.IntegrationTests.Evidence;

/// <summary>
/// One scenario's numbers: requests, outcomes by kind, lost (requests with no outcome), duplicates (extra
/// notifications beyond one per request) and the rule violations found. Printed to the test output and
/// stdout, and written to artifacts/evidence/NAME.json, which <c>.ci/evidence.sh</c> tabulates and checks.
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
            ["scale"] = EvidenceScale.Factor,
            ["requests"] = Requests,
            ["notifications"] = Notifications,
            ["outcomes"] = new JsonObject(Outcomes.Select(o => KeyValuePair.Create(o.Key, (JsonNode?)o.Value))),
            ["lost"] = Lost,
            ["duplicates"] = Duplicates,
            ["violations"] = new JsonArray(Violations.Take(50).Select(v => (JsonNode?)v).ToArray()),
            ["violationCount"] = Violations.Count,
            ["measures"] = new JsonObject(Measures.Select(m => KeyValuePair.Create(m.Key, (JsonNode?)m.Value))),
            ["writtenAt"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
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
