using System.Diagnostics;

namespace ProtonCancelLambda.Tests.Deployment;

/// <summary>Runs a command-line tool from the repository root, with the environment a test gives it.</summary>
internal static class ToolRun
{
    /// <summary>The tool's full path, or a skip (a failure under REQUIRE_LOCAL_AWS=1) naming what needs it.</summary>
    public static string Require(string tool, string neededFor)
    {
        if (ToolPath.Find(tool) is { } path)
        {
            return path;
        }

        var message = $"'{tool}' is not on PATH; {neededFor} needs it, and so does this test.";
        if (Environment.GetEnvironmentVariable("REQUIRE_LOCAL_AWS") == "1")
        {
            Assert.Fail(message + " REQUIRE_LOCAL_AWS=1 forbids skipping.");
        }

        Assert.Skip(message);
        return string.Empty;
    }

    /// <summary>A shell script the tool runs in place of a real command (a recorder); Unix only.</summary>
    public static void WriteScript(string path, string text)
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "The build scripts run under bash on Linux or macOS.");
        File.WriteAllText(path, text.Replace("\r", string.Empty, StringComparison.Ordinal));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    public static async Task<(int ExitCode, string Output)> RunAsync(string file, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var info = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = RepoFiles.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await stdout + await stderr);
    }
}
