using System.Text.Json;
using ProtonCancelLambda.IntegrationTests.Infrastructure;

namespace ProtonCancelLambda.IntegrationTests.Invoke;

/// <summary>The README's "run it" command, as a real process: response line first, then one line per outcome.</summary>
[Collection(TimingSensitiveCollection.Name)]
public sealed class InvokeCommandTests(PublishedBootstrap bootstrap, MotoServerFixture moto)
{
    [Fact]
    public async Task Invoke_SampleEvent_PrintsTheBatchResponseThenTheCancelledOutcome()
    {
        var lines = await InvokeAsync([RepoFiles.PathOf("events", "sqs-cancel.json")]);

        Assert.Equal("""{"batchItemFailures":[]}""", lines[0]);
        var outcome = JsonDocument.Parse(Assert.Single(lines.Skip(1))).RootElement;
        Assert.Equal("CANCELLED", outcome.GetProperty("outcome").GetString());
        Assert.Equal("prod-network", outcome.GetProperty("environmentName").GetString());
    }

    [Fact]
    public async Task InvokeAot_MixedBatchWithScenario_PrintsEveryOutcome()
    {
        var bootstrapPath = await bootstrap.GetPathAsync();

        var lines = await InvokeAsync(
            [RepoFiles.PathOf("events", "sqs-batch.json"), "--scenario", RepoFiles.PathOf("events", "scenario-batch.json"), "--aot"],
            new Dictionary<string, string?> { ["BOOTSTRAP_PATH"] = bootstrapPath });

        Assert.Equal("""{"batchItemFailures":[]}""", lines[0]);
        var kinds = lines.Skip(1).Select(line => JsonDocument.Parse(line).RootElement.GetProperty("outcome").GetString()).Order().ToList();
        Assert.Equal(["CANCELLED", "NOT_FOUND", "NOT_IN_PROGRESS", "REJECTED", "REJECTED"], kinds);
    }

    [Fact]
    public async Task Invoke_EventBridgeEvent_Works()
    {
        var lines = await InvokeAsync([RepoFiles.PathOf("events", "eventbridge-cancel.json")]);

        var outcome = JsonDocument.Parse(Assert.Single(lines.Skip(1))).RootElement;
        Assert.Equal("CANCELLED", outcome.GetProperty("outcome").GetString());
        Assert.Equal("eventbridge", outcome.GetProperty("source").GetString());
    }

    [Fact]
    public async Task Invoke_WithSnsEndpoint_ReadsTheOutcomeBackFromThatEndpoint()
    {
        moto.RequireRunning();

        var lines = await InvokeAsync(
            [RepoFiles.PathOf("events", "sqs-cancel.json"), "--sns-endpoint", moto.Endpoint.ToString()],
            new Dictionary<string, string?> { ["AWS_ACCESS_KEY_ID"] = moto.AccessKeyId, ["AWS_SECRET_ACCESS_KEY"] = moto.SecretAccessKey });

        var outcome = JsonDocument.Parse(Assert.Single(lines.Skip(1))).RootElement;
        Assert.Equal("CANCELLED", outcome.GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task Invoke_WithAnIdempotencyTable_AnswersTheSameRequestOnce()
    {
        moto.RequireRunning();
        string[] arguments = [RepoFiles.PathOf("events", "sqs-cancel.json"), "--idempotency-table", $"invoke-{Guid.NewGuid():N}", "--dynamodb-endpoint", moto.Endpoint.ToString()];
        var keys = new Dictionary<string, string?> { ["AWS_ACCESS_KEY_ID"] = moto.AccessKeyId, ["AWS_SECRET_ACCESS_KEY"] = moto.SecretAccessKey };

        var first = await InvokeAsync(arguments, keys);
        var second = await InvokeAsync(arguments, keys);

        Assert.Equal("CANCELLED", JsonDocument.Parse(Assert.Single(first.Skip(1))).RootElement.GetProperty("outcome").GetString());
        Assert.Equal("""{"batchItemFailures":[]}""", Assert.Single(second));
    }

    [Fact]
    public async Task InvokeFollow_TenMinuteCancellation_HandsOverTwentyTimesAndEndsCancelled()
    {
        // On a loaded CI machine a scaled clock turns every real millisecond of JIT or scheduling into tens of
        // simulated ones, and every timeout inside the function shrinks with it: at --speed 60 an AWS call's 10 s
        // attempt timeout is 167 ms of real time (a SendMessage that took effect, timed out and was sent again
        // forks the watch). At 20 it is half a second; the longest function timeout keeps the first invocation
        // inside its deadline, and the hand-overs under test come from the poll window, not the timeout.
        var (exitCode, stdout, stderr) = await LocalTools.RunAsync(
            "dotnet",
            [RepositoryPaths.LocalToolsDll(), "invoke", RepoFiles.PathOf("events", "sqs-cancel.json"), "--scenario", RepoFiles.PathOf("events", "scenario-ten-minutes.json"), "--follow", "--speed", "20", "--timeout", "900"],
            timeout: TimeSpan.FromMinutes(3));
        Assert.True(exitCode == 0, $"invoke exited {exitCode}:\n{stderr}");

        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        var hops = lines.Where(line => line.TryGetProperty("hop", out _)).ToList();
        Assert.True(hops.Count >= 20, $"{hops.Count} invocations:\n{stdout}");
        Assert.Equal(Enumerable.Range(1, hops.Count), hops.Select(hop => hop.GetProperty("hop").GetInt32()));
        Assert.All(hops.SkipLast(1), hop => Assert.Equal(1, hop.GetProperty("continuationsSent").GetInt32()));
        Assert.Equal(0, hops[^1].GetProperty("continuationsSent").GetInt32());
        Assert.True(hops[^1].GetProperty("elapsedSeconds").GetDouble() >= 600, "the deployment settles 600 simulated seconds after the cancel");

        var outcome = Assert.Single(lines.Skip(hops.Count));
        OutcomeSchema.AssertValid(outcome);
        Assert.Equal("CANCELLED", outcome.GetProperty("outcome").GetString());
        Assert.Equal("rb-2291", outcome.GetProperty("requestId").GetString());
        Assert.True(outcome.GetProperty("pollCount").GetInt32() >= hops.Count, "every continuation polls at least once");
    }

    [Fact]
    public async Task InvokeFollow_RecordFailingEveryDelivery_IsRedeliveredUntilTheRedrivePolicyDeadLettersIt()
    {
        var scenario = Path.Combine(Path.GetTempPath(), $"always-failing-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(scenario, """{ "environments": [ { "name": "prod-network", "failWith": "InternalServerException" } ] }""", TestContext.Current.CancellationToken);
        try
        {
            var (exitCode, stdout, stderr) = await LocalTools.RunAsync(
                "dotnet",
                [RepositoryPaths.LocalToolsDll(), "invoke", RepoFiles.PathOf("events", "sqs-cancel.json"), "--scenario", scenario, "--follow", "--speed", "200", "--timeout", "900"],
                timeout: TimeSpan.FromMinutes(3));
            Assert.True(exitCode == 0, $"invoke exited {exitCode}:\n{stderr}");

            var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(line => JsonDocument.Parse(line).RootElement).ToList();
            var hops = lines.Where(line => line.TryGetProperty("hop", out _)).ToList();
            Assert.Equal(5, hops.Count);
            Assert.All(hops, hop => Assert.Equal(1, hop.GetProperty("failedRecords").GetInt32()));
            var deadLettered = Assert.Single(lines, line => line.TryGetProperty("deadLettered", out _));
            Assert.Equal(5, deadLettered.GetProperty("receiveCount").GetInt32());
            Assert.DoesNotContain(lines, line => line.TryGetProperty("outcome", out _));
        }
        finally
        {
            File.Delete(scenario);
        }
    }

    [Theory]
    [InlineData("--speed goes with --follow.", "--speed", "60")]
    [InlineData("--speed runs the function in-process; leave out --aot", "--follow", "--speed", "60", "--aot")]
    [InlineData("--speed N must be a number from 1 to 1000, not '0.5'.", "--follow", "--speed", "0.5")]
    [InlineData("--timeout SECONDS must be a number from 1 to 900, not '1000'.", "--timeout", "1000")]
    [InlineData("Unrecognized command or argument '--folow'", "--folow")]
    public async Task Invoke_ABadFlag_ExitsTwo_NamingThatFlag(string problem, params string[] flags)
    {
        var (exitCode, stdout, stderr) = await LocalTools.RunAsync("dotnet", [RepositoryPaths.LocalToolsDll(), "invoke", RepoFiles.PathOf("events", "sqs-cancel.json"), .. flags]);

        Assert.Equal(2, exitCode);
        Assert.Contains($"invoke: {problem}", stderr, StringComparison.Ordinal);
        Assert.Contains("--help lists every option", stderr, StringComparison.Ordinal);
        Assert.Empty(stdout);
    }

    [Theory]
    [InlineData("invoke", new[] { "EVENT.json", "--scenario", "--sns-endpoint", "--idempotency-table", "--dynamodb-endpoint", "--aot", "--timeout", "--follow", "--speed" })]
    [InlineData("simulate", new[] { "--port", "--scenario" })]
    public async Task Help_OnEachCommand_ListsEveryOptionWithItsDescription_AndExitsZero(string command, string[] options)
    {
        var (exitCode, stdout, _) = await LocalTools.RunAsync("dotnet", [RepositoryPaths.LocalToolsDll(), command, "--help"]);

        Assert.Equal(0, exitCode);
        var lines = stdout.Split('\n');
        // Each option's line carries a description after the option and its value name.
        Assert.All(options, option => Assert.Contains(lines, line => line.TrimStart().StartsWith(option.StartsWith('-') ? option : $"<{option}>", StringComparison.Ordinal) && line.Trim().Split("  ", StringSplitOptions.RemoveEmptyEntries).Length >= 2));
    }

    [Fact]
    public async Task Invoke_ABareRequestBody_ExitsOne_WithTheFunctionsErrorAndAHintAtEvents()
    {
        var body = Path.Combine(Path.GetTempPath(), $"bare-request-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(body, """{ "environmentName": "prod-network", "requestId": "rb-2291" }""", TestContext.Current.CancellationToken);
        try
        {
            var (exitCode, stdout, stderr) = await LocalTools.RunAsync("dotnet", [RepositoryPaths.LocalToolsDll(), "invoke", body], timeout: TimeSpan.FromMinutes(2));

            Assert.Equal(1, exitCode);
            var error = JsonDocument.Parse(stdout.Trim()).RootElement;
            Assert.True(error.TryGetProperty("errorType", out _), stdout);
            Assert.Contains("invoke: the function answered with", stderr, StringComparison.Ordinal);
            Assert.Contains("events/sqs-cancel.json", stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(body);
        }
    }

    [Fact]
    public async Task Invoke_WithAMissingFile_ExitsWithUsageError()
    {
        var (exitCode, _, stderr) = await LocalTools.RunAsync("dotnet", [RepositoryPaths.LocalToolsDll(), "invoke", "/nonexistent/event.json"]);

        Assert.Equal(2, exitCode);
        Assert.Contains("event.json", stderr, StringComparison.Ordinal);
    }

    private static async Task<string[]> InvokeAsync(string[] arguments, Dictionary<string, string?>? environment = null)
    {
        var (exitCode, stdout, stderr) = await LocalTools.RunAsync(
            "dotnet", [RepositoryPaths.LocalToolsDll(), "invoke", .. arguments], environment, timeout: TimeSpan.FromMinutes(2));
        Assert.True(exitCode == 0, $"invoke exited {exitCode}:\n{stderr}");
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var outcome in lines.Skip(1))
        {
            OutcomeSchema.AssertValid(JsonDocument.Parse(outcome).RootElement);
        }

        return lines;
    }
}
