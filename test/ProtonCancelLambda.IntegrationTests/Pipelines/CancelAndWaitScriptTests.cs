using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ProtonCancelLambda.IntegrationTests.Infrastructure;
using ProtonCancelLambda.Local.Simulator.Scenario;

namespace ProtonCancelLambda.IntegrationTests.Pipelines;

/// <summary>
/// scripts/cancel-and-wait.sh end to end against moto (SQS, SNS, EventBridge, CloudFormation; signatures
/// checked) with the function behind the Runtime API emulator and the Proton simulator: the test plays
/// Lambda's event sources, handing the function exactly the request the script sent. The script must exit
/// with the outcome's code and leave no queue or subscription behind.
/// </summary>
public sealed class CancelAndWaitScriptTests(PublishedBootstrap bootstrap, MotoServerFixture moto)
{
    private static readonly TimeSpan ScriptLimit = TimeSpan.FromSeconds(120);

    private static readonly SimulationScenario Scenario = ScenarioFile.Parse("""
        {"environments":[
          {"name":"busy-env","cancel":{"settlesAs":"CANCELLED","afterSeconds":1}},
          {"name":"settled-env","deploymentStatus":"SUCCEEDED"}]}
        """);

    [Theory]
    [InlineData("busy-env", 0, "CANCELLED", null)]
    [InlineData("settled-env", 12, "NOT_IN_PROGRESS", null)]
    // A request the script's own checks let through (they check the format, the function also the time).
    [InlineData("busy-env", 15, "REJECTED", "2099-01-01T00:00:00Z")]
    public async Task ThroughSqs_ExitsWithTheOutcomesCode_AndCleansUp(string environment, int exitCode, string outcome, string? requestedAt)
    {
        moto.RequireRunning();
        using var messaging = new MotoMessaging(moto);
        var topicArn = await messaging.CreateTopicAsync("outcomes");
        var requests = await messaging.CreateQueueAsync("requests");
        await using var harness = await FunctionHarness.StartAsync(FunctionMode.InProcess, moto.FunctionEnvironment(topicArn), bootstrap, Scenario);
        var requestId = $"rb-{Guid.NewGuid():N}";
        string[] requestedAtArguments = requestedAt is null ? [] : ["--requested-at", requestedAt];
        await using var script = CancelAndWaitScript.Start(
            moto,
            [
                "--environment", environment, "--queue-url", requests.Url, "--topic-arn", topicArn, "--request-id", requestId,
                "--correlation-id", "pipeline-run-77", "--settle-seconds", "0", "--timeout", "90", .. requestedAtArguments,
            ]);

        var message = await script.ReceiveRequestAsync(messaging, requests.Url);
        var sent = JsonNode.Parse(message.Body)!;
        Assert.Equal(requestId, (string?)sent["requestId"]);
        Assert.Equal(environment, (string?)sent["environmentName"]);
        Assert.True(DateTimeOffset.TryParse((string?)sent["requestedAt"], CultureInfo.InvariantCulture, out _), message.Body);
        await harness.InvokeAsync(SqsEvents.Batch(SqsEvents.Received(message, requests.Arn)));

        Assert.Equal(exitCode, await script.ExitCodeAsync(ScriptLimit));
        var printed = OutcomeSchema.AssertValid(JsonDocument.Parse(script.StdOut).RootElement.Clone());
        Assert.Equal((requestId, outcome, "pipeline-run-77"), (printed.GetProperty("requestId").GetString(), printed.GetProperty("outcome").GetString(), printed.GetProperty("correlationId").GetString()));
        await CancelAndWaitScript.AssertNothingLeftAsync(moto, topicArn);
    }

    [Fact]
    public async Task ThroughEventBridge_TheRuleDeliversTheRequest_AndTheScriptExitsCancelled()
    {
        moto.RequireRunning();
        using var messaging = new MotoMessaging(moto);
        var topicArn = await messaging.CreateTopicAsync("outcomes");
        var captured = await messaging.CreateQueueAsync("rule-target");
        var bus = $"rollbacks-{Guid.NewGuid():N}";
        await moto.AwsAsync("events", "create-event-bus", "--name", bus);
        await moto.AwsAsync("events", "put-rule", "--name", "cancel-requested", "--event-bus-name", bus, "--event-pattern",
            """{"source":["custom.rollback-pipeline"],"detail-type":["Proton Environment Deployment Cancel Requested"]}""");
        await moto.AwsAsync("events", "put-targets", "--rule", "cancel-requested", "--event-bus-name", bus, "--targets", JsonSerializer.Serialize(new[] { new { Id = "capture", Arn = captured.Arn } }));
        await using var harness = await FunctionHarness.StartAsync(FunctionMode.InProcess, moto.FunctionEnvironment(topicArn), bootstrap, Scenario);
        await using var script = CancelAndWaitScript.Start(
            moto, "--via", "eventbridge", "--environment", "busy-env", "--event-bus", bus, "--event-source", "custom.rollback-pipeline",
            "--topic-arn", topicArn, "--request-id", "rb-via-events", "--settle-seconds", "0", "--timeout", "90");

        // What the rule's target received is the event Lambda would be invoked with.
        var @event = (await script.ReceiveRequestAsync(messaging, captured.Url)).Body;
        Assert.Equal("rb-via-events", (string?)JsonNode.Parse(@event)!["detail"]!["requestId"]);
        var response = await harness.InvokeAsync(@event);

        Assert.Contains("completed", response.BodyText, StringComparison.Ordinal);
        Assert.Equal(0, await script.ExitCodeAsync(ScriptLimit));
        var printed = JsonDocument.Parse(script.StdOut).RootElement;
        Assert.Equal(("rb-via-events", "CANCELLED", "eventbridge"), (printed.GetProperty("requestId").GetString(), printed.GetProperty("outcome").GetString(), printed.GetProperty("source").GetString()));
        await CancelAndWaitScript.AssertNothingLeftAsync(moto, topicArn);
    }

    [Fact]
    public async Task FifoTopic_IsHeardThroughAFifoQueue()
    {
        moto.RequireRunning();
        using var messaging = new MotoMessaging(moto);
        var topicArn = (await moto.AwsAsync("sns", "create-topic", "--name", $"outcomes-{Guid.NewGuid():N}.fifo", "--attributes", "FifoTopic=true")).GetProperty("TopicArn").GetString()!;
        var requests = await messaging.CreateQueueAsync("requests");
        await using var harness = await FunctionHarness.StartAsync(FunctionMode.InProcess, moto.FunctionEnvironment(topicArn), bootstrap, Scenario);
        await using var script = CancelAndWaitScript.Start(
            moto, "--environment", "busy-env", "--queue-url", requests.Url, "--topic-arn", topicArn, "--settle-seconds", "0", "--timeout", "90");

        var message = await script.ReceiveRequestAsync(messaging, requests.Url);
        await harness.InvokeAsync(SqsEvents.Batch(SqsEvents.Received(message, requests.Arn)));

        Assert.Equal(0, await script.ExitCodeAsync(ScriptLimit));
        Assert.Contains(".fifo for requestId", script.StdErr, StringComparison.Ordinal);
        await CancelAndWaitScript.AssertNothingLeftAsync(moto, topicArn);
    }

    [Fact]
    public async Task FromStackOutputs_FindsQueueAndTopic()
    {
        moto.RequireRunning();
        using var messaging = new MotoMessaging(moto);
        var (stack, outputs) = await messaging.CreateStackAsync();
        var queueUrl = outputs["RequestQueueUrl"];
        var queueArn = (await messaging.Sqs.GetQueueAttributesAsync(queueUrl, ["QueueArn"], TestContext.Current.CancellationToken)).QueueARN;
        await using var harness = await FunctionHarness.StartAsync(FunctionMode.InProcess, moto.FunctionEnvironment(outputs["OutcomeTopicArn"]), bootstrap, Scenario);
        await using var script = CancelAndWaitScript.Start(moto, "--stack", stack, "--environment", "settled-env", "--settle-seconds", "0", "--timeout", "90");

        var message = await script.ReceiveRequestAsync(messaging, queueUrl);
        await harness.InvokeAsync(SqsEvents.Batch(SqsEvents.Received(message, queueArn)));

        Assert.Equal(12, await script.ExitCodeAsync(ScriptLimit));
        Assert.Equal("NOT_IN_PROGRESS", JsonDocument.Parse(script.StdOut).RootElement.GetProperty("outcome").GetString());
        await CancelAndWaitScript.AssertNothingLeftAsync(moto, outputs["OutcomeTopicArn"]);
    }

    [Fact]
    public async Task NoOutcomeWithinTheTimeout_ExitsWithItsOwnCode_AndCleansUp()
    {
        moto.RequireRunning();
        using var messaging = new MotoMessaging(moto);
        var topicArn = await messaging.CreateTopicAsync("outcomes");
        var requests = await messaging.CreateQueueAsync("requests");
        await using var script = CancelAndWaitScript.Start(
            moto, "--environment", "busy-env", "--queue-url", requests.Url, "--topic-arn", topicArn, "--settle-seconds", "0", "--timeout", "2");

        Assert.Equal(4, await script.ExitCodeAsync(ScriptLimit));
        Assert.Equal("timeout", script.Line.GetProperty("error").GetString());
        Assert.StartsWith("no outcome for requestId", script.Line.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("cancel-and-wait-", script.Line.GetProperty("requestId").GetString(), StringComparison.Ordinal);
        await CancelAndWaitScript.AssertNothingLeftAsync(moto, topicArn);
    }

    [Theory]
    [InlineData("-INT", 130)]
    [InlineData("-TERM", 143)]
    [InlineData("-HUP", 129)]
    public async Task Interrupted_WhileWaiting_CleansUp(string signal, int exitCode)
    {
        moto.RequireRunning();
        using var messaging = new MotoMessaging(moto);
        var topicArn = await messaging.CreateTopicAsync("outcomes");
        var requests = await messaging.CreateQueueAsync("requests");
        await using var script = CancelAndWaitScript.Start(
            moto, "--environment", "busy-env", "--queue-url", requests.Url, "--topic-arn", topicArn, "--settle-seconds", "0", "--timeout", "600");
        await script.WaitForLogAsync("sent request", ScriptLimit);

        var kill = await LocalTools.RunAsync(LocalTools.Require("kill"), [signal, script.Id.ToString(CultureInfo.InvariantCulture)]);

        Assert.Equal(0, kill.ExitCode);
        Assert.Equal(exitCode, await script.ExitCodeAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal("interrupted", script.Line.GetProperty("error").GetString());
        await CancelAndWaitScript.AssertNothingLeftAsync(moto, topicArn);
    }

    [Fact]
    public async Task WithoutAnEnvironment_IsAUsageError_BeforeAnyAwsCall()
    {
        await using var script = CancelAndWaitScript.Start(moto, "--topic-arn", "arn:aws:sns:us-east-1:123456789012:t", "--queue-url", "http://127.0.0.1:1/q");

        Assert.Equal(2, await script.ExitCodeAsync(ScriptLimit));
        Assert.Equal(("usage", "--environment is required"), (script.Line.GetProperty("error").GetString(), script.Line.GetProperty("message").GetString()));
    }
}
