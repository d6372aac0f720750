using System.Diagnostics;
using System.Text.RegularExpressions;
using ProtonCancelLambda.IntegrationTests.Infrastructure;
using ProtonCancelLambda.Local.Services;

namespace ProtonCancelLambda.IntegrationTests.Simulator;

/// <summary>The <c>simulate</c> command as a real process, run from the built Local tools dll.</summary>
public class SimulateCommandTests
{
    private static string Dotnet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";

    [Fact]
    public async Task Simulate_PortZero_PrintsListeningLineServesAndStopsOnSigterm()
    {
        var info = new ProcessStartInfo(Dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { RepositoryPaths.LocalToolsDll(), "simulate", "--port", "0" })
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        try
        {
            var line = await process.StandardOutput.ReadLineAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
            var match = Regex.Match(line ?? string.Empty, @"^listening on http://127\.0\.0\.1:(\d+)$");
            Assert.True(match.Success, $"first line was '{line}'");
            Assert.NotEqual("0", match.Groups[1].Value);

            // With no scenario any environment exists, IN_PROGRESS.
            var result = await AwsCli.RunAsync(new Uri($"http://127.0.0.1:{match.Groups[1].Value}"), ["proton", "get-environment", "--name", "whatever-name"]);
            Assert.Equal("IN_PROGRESS", result.Environment().GetProperty("deploymentStatus").GetString());

            await LocalTools.RunAsync("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
            Assert.Equal(0, process.ExitCode);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    [Theory]
    [InlineData("Required argument missing for option: '--port'.", "--port")]
    [InlineData("--port N must be a whole number from 0 to 65535, not 'abc'.", "--port", "abc")]
    [InlineData("--port N must be a whole number from 0 to 65535, not '65536'.", "--port", "65536")]
    [InlineData("Option '--port' is required.", "--scenario", "x.json")]
    [InlineData("Unrecognized command or argument '--verbose'.", "--port", "1", "--verbose")]
    public async Task Simulate_BadArguments_NameTheProblemAndExitTwo(string problem, params string[] arguments)
    {
        var (exitCode, stdout, stderr) = await LocalTools.RunAsync(Dotnet, [RepositoryPaths.LocalToolsDll(), "simulate", .. arguments]);

        Assert.Equal(2, exitCode);
        Assert.Contains($"simulate: {problem}", stderr, StringComparison.Ordinal);
        Assert.Contains("usage: simulate", stderr, StringComparison.Ordinal);
        Assert.Empty(stdout);
    }

    [Fact]
    public async Task Simulate_BadScenario_NamesTheProblemAndExitsTwo()
    {
        var path = Path.Combine(Path.GetTempPath(), $"scenario-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, """{"environments":[{"name":"e1","cancel":{"settlesAs":"LATER"}}]}""", TestContext.Current.CancellationToken);
        try
        {
            var (exitCode, _, stderr) = await LocalTools.RunAsync(Dotnet, [RepositoryPaths.LocalToolsDll(), "simulate", "--port", "0", "--scenario", path]);

            Assert.Equal(2, exitCode);
            Assert.Contains(path, stderr, StringComparison.Ordinal);
            Assert.Contains("settlesAs 'LATER'", stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Simulate_PortInUse_SaysSoAndExitsOne()
    {
        await using var occupant = await Local.Services.AwsSimulator.StartAsync(new() { Port = 0 }, TestContext.Current.CancellationToken);
        var (exitCode, _, stderr) = await LocalTools.RunAsync(Dotnet, [RepositoryPaths.LocalToolsDll(), "simulate", "--port", occupant.Endpoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)]);

        Assert.Equal(1, exitCode);
        Assert.Contains($"cannot listen on 127.0.0.1:{occupant.Endpoint.Port}", stderr, StringComparison.Ordinal);
    }
}
