using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.SQS.Model;
using ProtonCancelLambda.IntegrationTests.Infrastructure;
using ProtonCancelLambda.Local.Simulator.Scenario;

namespace ProtonCancelLambda.IntegrationTests.Pipelines;

/// <summary>
/// What a pipeline relies on besides the exit code, against moto: one JSON line on stdout on every exit (its
/// own failures too), arguments checked before any AWS call, a dry run that creates nothing, the step outputs
/// in GITHUB_OUTPUT, and outcomes of other requests on the listening queue deleted rather than left blocking
/// a FIFO message group.
/// </summary>
public sealed class CancelAndWaitStepTests(PublishedBootstrap bootstrap, MotoServerFixture moto) : IClassFixture<MotoServerFixture>
{
    private static readonly SimulationScenario Scenario = ScenarioFile.Parse("""
        {"environments":[{"name":"busy-env","cancel":{"settlesAs":"CANCELLED","afterSeconds":1}}]}
        """);

    [Theory]
    [InlineData("--environment must be 1-100 letters", "--environment", "prod network")]
    [InlineData("--environment must be 1-100 letters", "--environment", "-starts-with-a-dash")]
    [InlineData("--requested-at must be an RFC 3339 date and time", "--environment", "busy-env", "--requested-at", "2026-11-24 10:00")]
    [InlineData("--requested-at must be an RFC 3339 date and time", "--environment", "busy-env", "--requested-at", "2026-11-24T10:00:00")]
    [InlineData("--requested-at must be an RFC 3339 date and time", "--environment", "busy-env", "--requested-at", "2026-02-30T25:00:00Z")]
    [InlineData("--timeout must be a whole number", "--environment", "busy-env", "--timeout", "soon")]
    [InlineData("unknown argument: --enviroment", "--enviroment", "busy-env")]
    public async Task ABadArgument_IsAUsageErrorLine_BeforeAnyAwsCall(string message, params string[] arguments)
    {
        moto.RequireRunning();
        using var messaging = new MotoMessaging(moto);
        var topicArn = await messaging.CreateTopicAsync("outcomes");
        var requests = await messaging.CreateQueueAsync("requests");
        await using var script = CancelAndWaitScript.Start(moto, [.. arguments, "--queue-url", requests.Url, "--topic-arn", topicArn, "--settle-seconds", "0"]);

        Assert.Equal(2, await script.ExitCodeAsync(CancelAndWaitScript.Limit));
        Assert.Equal("usage", script.Line.GetProperty("error").GetString());
        Assert.StartsWith(message, script.Line.GetProperty("message").GetString(), StringComparison.Ordinal);
        await CancelAndWaitScript.AssertNothingLeftAsync(moto, topicArn);
        Assert.Empty(await messaging.DrainAsync(requests.Url));
    }

    [Fact]
    public async Task DryRun_PrintsTheRequestAndTheStacksQueueAndTopic_AndCreatesNothing()
    {
        moto.RequireRunning();
        using var messaging = new MotoMessaging(moto);
        var (stack, outputs) = await messaging.CreateStackAsync();
        var (queueUrl, topicArn) = (outputs["RequestQueueUrl"], outputs["OutcomeTopicArn"]);
        await using var script = CancelAndWaitScript.Start(
            moto, "--dry-run", "--stack", stack, "--environment", "busy-env", "--request-id", "rb-dry", "--requested-at", "2026-11-24T10:00:00Z", "--reason", "canary\nalarm");

        Assert.Equal(0, await script.ExitCodeAsync(CancelAndWaitScript.Limit));
        var line = script.Line;
        Assert.True(line.GetProperty("dryRun").GetBoolean());
        Assert.Equal((queueUrl, topicArn, "sqs"), (line.GetProperty("queueUrl").GetString(), line.GetProperty("topicArn").GetString(), line.GetProperty("via").GetString()));
        Assert.Equal(
            """{"environmentName":"busy-env","requestId":"rb-dry","requestedAt":"2026-11-24T10:00:00Z","reason":"canary\nalarm"}""",
            line.GetProperty("request").GetRawText());
        Assert.Empty(JsonSchemas.CancelRequest().Problems(line.GetProperty("request")));
        await CancelAndWaitScript.AssertNothingLeftAsync(moto, topicArn);
        Assert.Empty(await messaging.DrainAsync(queueUrl));
    }

    [Fact]
    public async Task AnAwsCallThatFails_IsAnAwsErrorLine()
    {
        moto.RequireRunning();
        await using var script = CancelAndWaitScript.Start(moto, "--stack", "no-such-stack", "--environment", "busy-env", "--settle-seconds", "0");

        Assert.Equal(3, await script.ExitCodeAsync(CancelAndWaitScript.Limit));
        Assert.Equal("aws", script.Line.GetProperty("error").GetString());
        Assert.Contains("reading the outputs of stack no-such-stack failed", script.Line.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithGitHubOutput_WritesOutcomeDeploymentIdAndTheLine()
    {
        moto.RequireRunning();
        using var messaging = new MotoMessaging(moto);
        var topicArn = await messaging.CreateTopicAsync("outcomes");
        var requests = await messaging.CreateQueueAsync("requests");
        var githubOutput = Path.Combine(Path.GetTempPath(), $"github-output-{Guid.NewGuid():N}");
        try
        {
            await using var harness = await FunctionHarness.StartAsync(FunctionMode.InProcess, moto.FunctionEnvironment(topicArn), bootstrap, Scenario);
            await using var script = CancelAndWaitScript.StartBash(
                moto,
                [RepoFiles.PathOf("scripts", "cancel-and-wait.sh"), "--environment", "busy-env", "--queue-url", requests.Url, "--topic-arn", topicArn, "--settle-seconds", "0", "--timeout", "90"],
                new Dictionary<string, string> { ["GITHUB_OUTPUT"] = githubOutput });
            var message = await script.ReceiveRequestAsync(messaging, requests.Url);
            await harness.InvokeAsync(SqsEvents.Batch(SqsEvents.Received(message, requests.Arn)));

            Assert.Equal(0, await script.ExitCodeAsync(CancelAndWaitScript.Limit));
            var outputs = GitHubOutputFile.Read(githubOutput);
            Assert.Equal("CANCELLED", outputs["outcome"]);
            Assert.Equal(script.Line.GetProperty("deploymentId").GetString(), outputs["deploymentId"]);
            Assert.False(string.IsNullOrEmpty(outputs["deploymentId"]));
            Assert.Equal(script.StdOut.Trim(), outputs["outcome-json"]);
        }
        finally
        {
            File.Delete(githubOutput);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AnOutcomeOfAnotherRequestAheadOfOurs_IsDeleted_AndOursEndsTheStepAtOnce(bool fifo)
    {
        moto.RequireRunning();
        using var messaging = new MotoMessaging(moto);
        var topicArn = fifo
            ? (await moto.AwsAsync("sns", "create-topic", "--name", $"outcomes-{Guid.NewGuid():N}.fifo", "--attributes", "FifoTopic=true")).GetProperty("TopicArn").GetString()!
            : await messaging.CreateTopicAsync("outcomes");
        var requests = await messaging.CreateQueueAsync("requests");
        await using var harness = await FunctionHarness.StartAsync(FunctionMode.InProcess, moto.FunctionEnvironment(topicArn), bootstrap, Scenario);
        await using var script = CancelAndWaitScript.Start(
            moto, "--environment", "busy-env", "--queue-url", requests.Url, "--topic-arn", topicArn, "--request-id", "rb-ours", "--settle-seconds", "0", "--timeout", "600");
        await script.WaitForLogAsync("listening on", CancelAndWaitScript.Limit);

        // What SNS delivers while a new subscription's filter policy has not taken effect yet: another
        // request's outcome for the same environment (the alarm rule's, say), in the same FIFO message group.
        var listening = (await moto.AwsAsync("sqs", "list-queues", "--queue-name-prefix", "cancel-and-wait")).GetProperty("QueueUrls")[0].GetString()!;
        var foreign = new SendMessageRequest
        {
            QueueUrl = listening,
            MessageBody = """{"schemaVersion":1,"requestId":"alarm-event-1","environmentName":"busy-env","outcome":"CANCELLED"}""",
            MessageAttributes = new()
            {
                ["requestId"] = new MessageAttributeValue { DataType = "String", StringValue = "alarm-event-1" },
                ["outcome"] = new MessageAttributeValue { DataType = "String", StringValue = "CANCELLED" },
            },
            MessageGroupId = fifo ? "busy-env" : null,
            MessageDeduplicationId = fifo ? "alarm-event-1" : null,
        };
        await messaging.Sqs.SendMessageAsync(foreign, TestContext.Current.CancellationToken);
        await script.WaitForLogAsync("deleting an outcome of another request (alarm-event-1)", CancelAndWaitScript.Limit);
        var clock = Stopwatch.StartNew();
        var message = await script.ReceiveRequestAsync(messaging, requests.Url);
        await harness.InvokeAsync(SqsEvents.Batch(SqsEvents.Received(message, requests.Arn)));

        // Far sooner than --timeout: a foreign message left in flight would hold our outcome back until then.
        Assert.Equal(0, await script.ExitCodeAsync(TimeSpan.FromSeconds(60)));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60));
        Assert.Equal(("rb-ours", "CANCELLED"), (script.Line.GetProperty("requestId").GetString(), script.Line.GetProperty("outcome").GetString()));
        await CancelAndWaitScript.AssertNothingLeftAsync(moto, topicArn);
    }
}
