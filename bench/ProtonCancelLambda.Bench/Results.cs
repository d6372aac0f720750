using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ProtonCancelLambda.Testing.Results;

namespace ProtonCancelLambda.Bench;

/// <summary>
/// One line of the goal table. <paramref name="Headline"/> rows are also quoted in README.md's headline lines
/// (<see cref="ResultTables"/> writes both from the JSON <see cref="BenchReport"/> saves).
/// </summary>
internal sealed record GoalRow(string Goal, string Measured, string Target, bool Pass, string Notes = "", bool Headline = false);

/// <summary>A build the bench ran, and the commit it was built from (bench/run.sh records it beside the binary).</summary>
internal sealed record BinaryStamp(string Name, string Path)
{
    /// <summary>The file bench/run.sh writes beside every binary it builds: the commit of the tree it built.</summary>
    public const string CommitFile = "built-from-commit";

    public string Commit
    {
        get
        {
            var file = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!, CommitFile);
            return File.Exists(file) ? File.ReadAllText(file).Trim() : RunStamp.Unrecorded;
        }
    }
}

/// <summary>The run's output as JSON: its stamp, the binaries and their commits, the goal rows, the raw sample lines.</summary>
internal static class BenchReport
{
    public static void Save(string path, IEnumerable<GoalRow> rows, IEnumerable<BinaryStamp> binaries, IEnumerable<string> lines)
    {
        var json = new JsonObject
        {
            ["run"] = Run(),
            ["binaries"] = Binaries(binaries),
            ["rows"] = new JsonArray([.. rows.Select(r => (JsonNode)new JsonObject
            {
                ["goal"] = r.Goal,
                ["measured"] = r.Measured,
                ["target"] = r.Target,
                ["pass"] = r.Pass,
                ["notes"] = r.Notes,
                ["headline"] = r.Headline,
            })]),
            ["lines"] = new JsonArray([.. lines.Select(l => (JsonNode)l)]),
        };
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        File.WriteAllText(path, json.ToJsonString(Indented) + "\n");
    }

    /// <summary>Another run's JSON object with this run's stamp and binaries added, as the tables expect of every bench file.</summary>
    public static string Stamped(string json, IEnumerable<BinaryStamp> binaries)
    {
        var stamped = JsonNode.Parse(json)!.AsObject();
        stamped["run"] = Run();
        stamped["binaries"] = Binaries(binaries);
        return stamped.ToJsonString(Indented) + "\n";
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private static JsonObject Run()
    {
        var run = RunStamp.Now().ToJson();
        run["sdk"] = Environment.GetEnvironmentVariable("BENCH_SDK_VERSION") ?? Environment.Version.ToString();
        if (File.Exists("/proc/loadavg"))
        {
            run["loadAverage"] = string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }

        return run;
    }

    private static JsonArray Binaries(IEnumerable<BinaryStamp> binaries) =>
        new([.. binaries.Select(b => (JsonNode)new JsonObject { ["name"] = b.Name, ["commit"] = b.Commit })]);
}

internal static class Stats
{
    public static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>Nearest-rank percentile: a value that was actually observed.</summary>
    public static double Percentile(IReadOnlyList<double> values, double percentile)
    {
        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    public static string F(double value, string format = "0.0") => value.ToString(format, CultureInfo.InvariantCulture);
}
