using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace ProtonCancelLambda.Testing.Results;

/// <summary>
/// Where and from what a run's numbers came: the commit of the tree (with "-modified" when it had uncommitted
/// changes), the machine (processor and cores) and the time. Written into every result file the bench and the
/// evidence tests produce, and printed above every generated table.
/// </summary>
public sealed record RunStamp(string Date, string Commit, string Machine)
{
    public const string Unrecorded = "unrecorded";

    public static RunStamp Now() => new(
        DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm'Z'", CultureInfo.InvariantCulture),
        CommitOf(RepoFiles.Root),
        ThisMachine());

    /// <summary>HEAD of the repository at <paramref name="root"/>, "-modified" when tracked files differ from it.</summary>
    public static string CommitOf(string root)
    {
        var head = Git(root, "rev-parse", "HEAD");
        if (head is null)
        {
            return Unrecorded;
        }

        var changes = Git(root, "status", "--porcelain", "--untracked-files=no");
        return string.IsNullOrEmpty(changes) ? head : head + "-modified";
    }

    /// <summary>"AMD EPYC 7B13, 2 cores": the processor's model name from /proc/cpuinfo and the cores the run could use.</summary>
    public static string ThisMachine()
    {
        var model = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(line => line.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        return string.Create(CultureInfo.InvariantCulture, $"{model ?? System.Runtime.InteropServices.RuntimeInformation.OSArchitecture.ToString()}, {Environment.ProcessorCount} cores");
    }

    public JsonObject ToJson() => new() { ["date"] = Date, ["commit"] = Commit, ["machine"] = Machine };

    public static RunStamp FromJson(JsonNode? node) => new(
        node?["date"]?.GetValue<string>() ?? Unrecorded,
        node?["commit"]?.GetValue<string>() ?? Unrecorded,
        node?["machine"]?.GetValue<string>() ?? Unrecorded);

    /// <summary>A commit as the tables print it: 12 hex digits, and whether the tree had changes.</summary>
    public static string Short(string commit) =>
        commit.Length >= 12 && commit != Unrecorded ? commit[..12] + (commit.EndsWith("-modified", StringComparison.Ordinal) ? " (with uncommitted changes)" : string.Empty) : commit;

    private static string? Git(string root, params string[] arguments)
    {
        if (ToolPath.Find("git") is not { } git)
        {
            return null;
        }

        var info = new ProcessStartInfo(git) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = root };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return process.ExitCode == 0 ? output : null;
    }
}
