using System.Diagnostics;

namespace ProtonCancelLambda.IntegrationTests.Infrastructure;

/// <summary>
/// Tools some tests need from the machine (the AWS CLI, moto_server, python3 with botocore, cfn-lint).
/// Missing on a user's machine: the test is skipped with a message naming the tool. In CI
/// (<c>REQUIRE_LOCAL_AWS=1</c>) a missing tool fails the test instead, so CI never skips.
/// </summary>
public static class LocalTools
{
    public static bool Required => Environment.GetEnvironmentVariable("REQUIRE_LOCAL_AWS") == "1";

    /// <summary>The full path of <paramref name="tool"/> on PATH; skips or fails the test when it is absent.</summary>
    public static string Require(string tool)
    {
        var path = ToolPath.Find(tool);
        if (path is not null)
        {
            return path;
        }

        Unavailable($"'{tool}' is not on PATH; this test needs it (install it, or see What the tests need in CONTRIBUTING.md).");
        return string.Empty;
    }

    /// <summary>
    /// python3 that can import botocore; skips or fails the test otherwise. A python3 on PATH is not
    /// enough: Debian's own python3, for one, comes without botocore.
    /// </summary>
    public static async Task<string> RequirePythonWithBotocoreAsync()
    {
        var python = Require("python3");
        var (exitCode, _, _) = await BotocoreProbe.Value;
        if (exitCode != 0)
        {
            Unavailable($"'{python}' cannot import botocore; this test needs python3 with botocore (pip install botocore, or see CONTRIBUTING.md).");
        }

        return python;
    }

    /// <summary>Skips the test with <paramref name="message"/>, or fails it when REQUIRE_LOCAL_AWS=1.</summary>
    public static void Unavailable(string message)
    {
        if (Required)
        {
            Assert.Fail(message + " REQUIRE_LOCAL_AWS=1 forbids skipping.");
        }

        Assert.Skip(message);
    }

    // One probe per test run: every signing vector asks.
    private static readonly Lazy<Task<(int ExitCode, string StdOut, string StdErr)>> BotocoreProbe =
        new(() => RunAsync(ToolPath.Find("python3") ?? "python3", ["-c", "import botocore"]));

    /// <summary>Runs a command to completion and returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string StdOut, string StdErr)> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        IDictionary<string, string?>? environment = null,
        string? standardInput = null,
        TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = standardInput is not null,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput);
            process.StandardInput.Close();
        }

        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} did not finish in time.");
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
