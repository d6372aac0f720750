using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ProtonCancelLambda.Testing.Results;

namespace ProtonCancelLambda.Tests.Deployment;

/// <summary>
/// The goal and fault tables (docs/PERFORMANCE.md) and the headline lines (README.md) are written by
/// <see cref="ResultTables"/> from the committed run output in docs/results; none of their figures is typed by
/// hand. Regenerate with <c>bash bench/run.sh --tables</c>.
/// </summary>
public sealed partial class GeneratedTablesTests : IDisposable
{
    private readonly string _samples = Directory.CreateTempSubdirectory("result-tables-").FullName;

    public void Dispose() => Directory.Delete(_samples, recursive: true);

    [Fact]
    public void CommittedTables_AreWhatTheGeneratorWritesFromTheCommittedRunOutput()
    {
        var blocks = ResultTables.Render(ResultTables.ResultsDirectory(RepoFiles.Root));
        Assert.Equal([ResultTables.Goals, ResultTables.Faults], ResultTables.BlocksIn(RepoFiles.Read("docs", "PERFORMANCE.md")));
        foreach (var (file, allowed) in ResultTables.Targets)
        {
            var path = RepoFiles.PathOf(file);
            var text = File.ReadAllText(path);
            Assert.All(ResultTables.BlocksIn(text), block => Assert.Contains(block, allowed));
            Assert.True(
                ResultTables.Apply(text, blocks) == text,
                $"{file}: a generated table differs from what docs/results gives. Run `bash bench/run.sh --tables` and commit the result; never edit between the generated markers.");
        }
    }

    [Fact]
    public void AFigureChangedByHand_DiffersFromTheGeneratedTable()
    {
        var blocks = ResultTables.Render(ResultTables.ResultsDirectory(RepoFiles.Root));
        var text = ResultTables.Apply(RepoFiles.Read("docs", "PERFORMANCE.md"), blocks);
        foreach (var block in new[] { ResultTables.Goals, ResultTables.Faults })
        {
            var content = blocks[block];
            var digit = Digit().Match(content[content.IndexOf('|', StringComparison.Ordinal)..]);
            Assert.True(digit.Success, $"the {block} table holds no figure");
            var at = content.IndexOf('|', StringComparison.Ordinal) + digit.Index;
            var edited = content[..at] + (digit.Value == "7" ? "8" : "7") + content[(at + 1)..];
            var tampered = text.Replace(content, edited, StringComparison.Ordinal);

            Assert.NotEqual(text, tampered);
            Assert.Equal(text, ResultTables.Apply(tampered, blocks));
        }
    }

    [Fact]
    public void GoalTable_RendersEveryRowOfEveryBenchFile_AndTheHeadlineQuotesTheMarkedRows()
    {
        WriteBench("goals.json", Row("Cold start to first outcome, AOT median", "19.2 ms", "<= 30 ms", true, headline: true), Row("Peak RSS", "19.4 MB", "<= 32 MB", true));
        WriteBench("mass-rollback.json", Row("Mass rollback of 500 environments, p95", "41 s", "<= 60 s", false));
        var blocks = ResultTables.Render(_samples);

        Assert.Contains("| Cold start to first outcome, AOT median | 19.2 ms | <= 30 ms | PASS | n=15 |", blocks[ResultTables.Goals], StringComparison.Ordinal);
        Assert.Contains("| Peak RSS | 19.4 MB | <= 32 MB | PASS | n=15 |", blocks[ResultTables.Goals], StringComparison.Ordinal);
        Assert.Contains("| Mass rollback of 500 environments, p95 | 41 s | <= 60 s | MISS | n=15 |", blocks[ResultTables.Goals], StringComparison.Ordinal);
        Assert.Contains("commit 0123456789ab", blocks[ResultTables.Goals], StringComparison.Ordinal);
        Assert.Contains("AMD EPYC 7B13, 2 cores", blocks[ResultTables.Goals], StringComparison.Ordinal);
        Assert.Contains("JIT (published ReadyToRun) from commit fedcba987654 (with uncommitted changes)", blocks[ResultTables.Goals], StringComparison.Ordinal);

        var readme = "# Title\n<!-- generated:headline -->\nold line\n<!-- /generated:headline -->\nrest\n";
        var written = ResultTables.Apply(readme, blocks);
        Assert.Contains("- **Goals**: 2 of 3 met", written, StringComparison.Ordinal);
        Assert.Contains(": Cold start to first outcome, AOT median 19.2 ms (<= 30 ms).", written, StringComparison.Ordinal);
        Assert.DoesNotContain("old line", written, StringComparison.Ordinal);
        Assert.EndsWith("<!-- /generated:headline -->\nrest\n", written, StringComparison.Ordinal);
    }

    [Fact]
    public void FaultTable_PrintsEachSummarysCounts_OutcomesAndHighlightedMeasures_InTableOrder()
    {
        WriteEvidence("load.json", order: 2, title: "load, every 3rd call throttled", requests: 100, duplicates: 0, outcomes: new() { ["CANCELLED"] = 100 }, measures: new() { ["protonCalls"] = 950, ["throttled"] = 316, ["maxCancelsPerDeployment"] = 1 }, highlights: ["protonCalls", "throttled"]);
        WriteEvidence("matrix-duplicates-x3.json", order: 1, title: "every request delivered 3 times", requests: 20, duplicates: 40, outcomes: new() { ["CANCELLED"] = 24, ["NOT_IN_PROGRESS"] = 36 }, measures: new() { ["maxCancelsPerDeployment"] = 3 }, highlights: []);
        var blocks = ResultTables.Render(_samples);
        var faults = blocks[ResultTables.Faults];

        Assert.Contains("| every request delivered 3 times | 20 | 0 | 40 | 3 | 0 | CANCELLED 24, NOT_IN_PROGRESS 36 |", faults, StringComparison.Ordinal);
        Assert.Contains("| load, every 3rd call throttled | 100 | 0 | 0 | 1 | 0 | CANCELLED 100 (950 Proton calls, 316 throttled) |", faults, StringComparison.Ordinal);
        Assert.True(faults.IndexOf("every request delivered 3 times", StringComparison.Ordinal) < faults.IndexOf("load, every", StringComparison.Ordinal));
        Assert.Contains("- **Faults**: 2 scenarios, 120 requests, 0 lost, 0 rule violations", blocks[ResultTables.Headline], StringComparison.Ordinal);
    }

    private static JsonObject Run() => new RunStamp("2026-12-06T02:00Z", "0123456789abcdef0123456789abcdef01234567", "AMD EPYC 7B13, 2 cores").ToJson();

    private static JsonObject Row(string goal, string measured, string target, bool pass, bool headline = false) =>
        new() { ["goal"] = goal, ["measured"] = measured, ["target"] = target, ["pass"] = pass, ["notes"] = "n=15", ["headline"] = headline };

    private void WriteBench(string name, params JsonObject[] rows)
    {
        Directory.CreateDirectory(Path.Combine(_samples, "bench"));
        var json = new JsonObject
        {
            ["run"] = Run(),
            ["binaries"] = new JsonArray(new JsonObject { ["name"] = "JIT (published ReadyToRun)", ["commit"] = "fedcba9876543210fedcba9876543210fedcba98-modified" }),
            ["rows"] = new JsonArray([.. rows]),
        };
        File.WriteAllText(Path.Combine(_samples, "bench", name), json.ToJsonString());
    }

    private void WriteEvidence(string name, int order, string title, int requests, int duplicates, Dictionary<string, int> outcomes, Dictionary<string, double> measures, string[] highlights)
    {
        Directory.CreateDirectory(Path.Combine(_samples, "evidence"));
        var json = new JsonObject
        {
            ["scenario"] = Path.GetFileNameWithoutExtension(name),
            ["title"] = title,
            ["order"] = order,
            ["run"] = Run(),
            ["requests"] = requests,
            ["lost"] = 0,
            ["duplicates"] = duplicates,
            ["violationCount"] = 0,
            ["outcomes"] = new JsonObject(outcomes.Select(o => KeyValuePair.Create(o.Key, (JsonNode?)o.Value))),
            ["measures"] = new JsonObject(measures.Select(m => KeyValuePair.Create(m.Key, (JsonNode?)m.Value))),
            ["highlights"] = new JsonArray([.. highlights.Select(h => (JsonNode?)h)]),
        };
        File.WriteAllText(Path.Combine(_samples, "evidence", name), json.ToJsonString());
    }

    [GeneratedRegex(@"\d")]
    private static partial Regex Digit();
}
