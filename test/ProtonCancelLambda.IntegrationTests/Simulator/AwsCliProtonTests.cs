using System.Text.Json;

namespace ProtonCancelLambda.IntegrationTests.Simulator;

/// <summary>The official AWS CLI (botocore) against the simulator: what it parses, and what it refuses.</summary>
public class AwsCliProtonTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    private Uri Endpoint => fixture.Simulator.Endpoint;

    [Fact]
    public async Task GetEnvironment_ParsesEveryRequiredMember()
    {
        var environment = (await AwsCli.RunAsync(Endpoint, ["proton", "get-environment", "--name", "cli-get"])).Environment();

        Assert.Equal("cli-get", environment.GetProperty("name").GetString());
        Assert.Equal("IN_PROGRESS", environment.GetProperty("deploymentStatus").GetString());
        Assert.Equal(SimulatorFixture.KnownDeploymentId, environment.GetProperty("lastAttemptedDeploymentId").GetString());
        Assert.Equal("arn:aws:proton:us-east-1:123456789012:environment/cli-get", environment.GetProperty("arn").GetString());
        foreach (var timestamp in new[] { "createdAt", "lastDeploymentAttemptedAt", "lastDeploymentSucceededAt" })
        {
            // CLI v1 prints the epoch seconds as received; v2 (or cli_timestamp_format=iso8601) prints ISO 8601.
            var value = environment.GetProperty(timestamp);
            Assert.True(
                value.ValueKind == JsonValueKind.Number ? value.GetDouble() > 1_600_000_000 : DateTimeOffset.TryParse(value.GetString(), System.Globalization.CultureInfo.InvariantCulture, out _),
                $"{timestamp}: {value}");
        }

        foreach (var member in new[] { "templateName", "templateMajorVersion", "templateMinorVersion" })
        {
            Assert.False(string.IsNullOrEmpty(environment.GetProperty(member).GetString()), member);
        }
    }

    [Fact]
    public async Task CancelThenGet_ShowsCancellingThenCancelled()
    {
        var cancelled = (await AwsCli.RunAsync(Endpoint, ["proton", "cancel-environment-deployment", "--environment-name", "cli-cancel"])).Environment();
        Assert.Equal("CANCELLING", cancelled.GetProperty("deploymentStatus").GetString());

        // The scenario settles 2 s after the cancel: every get until then shows CANCELLING (an AWS CLI process
        // takes about a second on a busy machine, so the first may already see CANCELLED), the last CANCELLED.
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        var statuses = new List<string?>();
        JsonElement environment;
        do
        {
            environment = (await AwsCli.RunAsync(Endpoint, ["proton", "get-environment", "--name", "cli-cancel"])).Environment();
            statuses.Add(environment.GetProperty("deploymentStatus").GetString());
        }
        while (statuses[^1] == "CANCELLING" && DateTimeOffset.UtcNow < deadline);

        Assert.All(statuses[..^1], status => Assert.Equal("CANCELLING", status));
        Assert.Equal("CANCELLED", statuses[^1]);
        Assert.Equal("User initiated cancellation.", environment.GetProperty("deploymentStatusMessage").GetString());
        var timeline = fixture.Simulator.Timeline("cli-cancel")!;
        Assert.NotNull(timeline.DetectionLag);
    }

    [Fact]
    public async Task UpdateEnvironment_StartsANewInProgressDeployment()
    {
        var before = (await AwsCli.RunAsync(Endpoint, ["proton", "get-environment", "--name", "cli-update"])).Environment();
        var updated = (await AwsCli.RunAsync(Endpoint, ["proton", "update-environment", "--name", "cli-update", "--deployment-type", "MINOR_VERSION", "--spec", "proton: EnvironmentSpec\nspec: {}\n", "--description", "rollback"])).Environment();

        Assert.Equal("SUCCEEDED", before.GetProperty("deploymentStatus").GetString());
        Assert.Equal("IN_PROGRESS", updated.GetProperty("deploymentStatus").GetString());
        Assert.NotEqual(before.GetProperty("lastAttemptedDeploymentId").GetString(), updated.GetProperty("lastAttemptedDeploymentId").GetString());
        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", updated.GetProperty("lastAttemptedDeploymentId").GetString());
        Assert.Equal(before.GetProperty("lastAttemptedDeploymentId").GetString(), updated.GetProperty("lastSucceededDeploymentId").GetString());
        Assert.Equal("rollback", updated.GetProperty("description").GetString());
    }

    [Fact]
    public async Task UpdateEnvironment_WithIllegalDeploymentType_FailsWithValidationException()
    {
        var result = await AwsCli.RunAsync(Endpoint, ["proton", "update-environment", "--name", "cli-update", "--deployment-type", "SOMETIMES"]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("ValidationException", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_WhenNotInProgress_FailsWithValidationException()
    {
        var result = await AwsCli.RunAsync(Endpoint, ["proton", "cancel-environment-deployment", "--environment-name", "cli-not-in-progress"]);

        Assert.Contains(result.ExitCode, new[] { 254, 255 });
        Assert.Contains("ValidationException", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetEnvironment_Unknown_FailsWithResourceNotFoundException()
    {
        var result = await AwsCli.RunAsync(Endpoint, ["proton", "get-environment", "--name", "no-such-environment"]);

        Assert.Contains(result.ExitCode, new[] { 254, 255 });
        Assert.Contains("(ResourceNotFoundException) when calling the GetEnvironment operation", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetEnvironment_FailWith_ReturnsThatError()
    {
        var result = await AwsCli.RunAsync(Endpoint, ["proton", "get-environment", "--name", "cli-denied"]);

        Assert.Contains("(AccessDeniedException)", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetEnvironment_WrongSecret_IsRejectedWithInvalidSignature()
    {
        var calls = fixture.Simulator.Calls.Rejected;
        var result = await AwsCli.RunAsync(Endpoint, ["proton", "get-environment", "--name", "cli-get"], secret: "not-the-secret");

        Assert.Contains(result.ExitCode, new[] { 254, 255 });
        Assert.Contains("(InvalidSignatureException)", result.StdErr, StringComparison.Ordinal);
        Assert.True(fixture.Simulator.Calls.Rejected > calls);
    }

    [Fact]
    public async Task GetEnvironment_UnknownAccessKey_IsRejectedWithUnrecognizedClient()
    {
        var result = await AwsCli.RunAsync(Endpoint, ["proton", "get-environment", "--name", "cli-get"], accessKeyId: "AKIDUNKNOWN");

        Assert.Contains("(UnrecognizedClientException)", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetEnvironment_WithSessionToken_IsAccepted()
    {
        var result = await AwsCli.RunAsync(Endpoint, ["proton", "get-environment", "--name", "cli-get"], sessionToken: "session-token-from-sts");

        Assert.Equal("cli-get", result.Environment().GetProperty("name").GetString());
    }
}
