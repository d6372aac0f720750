using System.Text.Json;
using ProtonCancelLambda.IntegrationTests.Infrastructure;

namespace ProtonCancelLambda.IntegrationTests.Simulator;

/// <summary>
/// Runs the official AWS CLI against a local endpoint with throwaway credentials and no user config, so
/// nothing on the machine (profiles, instance metadata) leaks into the test.
/// </summary>
internal static class AwsCli
{
    public static async Task<CliResult> RunAsync(Uri endpoint, IEnumerable<string> arguments, string accessKeyId = "test", string secret = "test", string? sessionToken = null)
    {
        var aws = LocalTools.Require("aws");
        var environment = new Dictionary<string, string?>
        {
            ["AWS_ACCESS_KEY_ID"] = accessKeyId,
            ["AWS_SECRET_ACCESS_KEY"] = secret,
            ["AWS_SESSION_TOKEN"] = sessionToken,
            ["AWS_PROFILE"] = null,
            ["AWS_CONFIG_FILE"] = "/dev/null",
            ["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null",
            ["AWS_EC2_METADATA_DISABLED"] = "true",
            ["AWS_MAX_ATTEMPTS"] = "1",
            ["AWS_PAGER"] = string.Empty,
        };
        string[] common = ["--endpoint-url", endpoint.ToString().TrimEnd('/'), "--region", "us-east-1", "--output", "json"];
        var (exitCode, stdout, stderr) = await LocalTools.RunAsync(aws, [.. arguments, .. common], environment);
        return new CliResult(exitCode, stdout, stderr);
    }
}

internal sealed record CliResult(int ExitCode, string StdOut, string StdErr)
{
    public JsonElement Json()
    {
        Assert.True(ExitCode == 0, $"aws exited {ExitCode}: {StdErr}");
        using var document = JsonDocument.Parse(StdOut);
        return document.RootElement.Clone();
    }

    public JsonElement Environment() => Json().GetProperty("environment");
}
