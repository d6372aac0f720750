using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.SQS.Model;
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
    [InlineData("busy-env", 0, "CANCELLED")]
    [InlineData("settled-env", 12, "NOT_IN_PROGRESS")]
    [InlineData("not a valid name!", 15, "REJECTED")]
    public async Task ThroughSqs_ExitsWithTheOutcomesCode_AndCleansUp(string environment, int exitCode, string outcome)
    {
        moto.RequireRunning();
        using var messaging = new MotoMessaging(moto);
        var topicArn = await messaging.CreateTopicAsync("outcomes");
        var requests = await messaging.CreateQueueAsync("requests");
        await using var harness = await FunctionHarness.StartAsync(FunctionMode.InProcess, moto.FunctionEnvironment(topicArn), bootstrap, Scenario);
        var requestId = $"rb-{Guid.NewGuid():N}";
        await using var script = CancelAndWaitScript.Start(
            moto, "--environment", environment, "--queue-url", requests.Url, "--topic-arn", topicArn, "--request-id", requestId,
            "--correlation-id", "pipeline-run-77", "--settle-seconds", "0", "--timeout", "90");

        var message = await ReceiveOneAsync(messaging, requests.Url, script);
        var sent = JsonNode.Parse(message.Body)!;
        Assert.Equal(requestId, (string?)sent["requestId"]);
        Assert.Equal(environment, (string?)sent["environmentName"]);
        Assert.True(DateTimeOffset.TryParse((string?)sent["requestedAt"], CultureInfo.InvariantCulture, out _), message.Body);
        await harness.InvokeAsync(SqsEvents.Batch(SqsEvents.Received(message, requests.Arn)));

        Assert.Equal(exitCode, await script.ExitCodeAsync(ScriptLimit));
        var printed = OutcomeSchema.AssertValid(JsonDocument.Parse(script.StdOut).RootElement.Clone());
        Assert.Equal((requestId, outcome, "pipeline-run-77"), (printed.GetProperty("requestId").GetString(), printed.GetProperty("outcome").GetString(), printed.GetProperty("correlationId").GetString()));
        await AssertNothingLeftAsync(topicArn);
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
        var @event = (await ReceiveOneAsync(messaging, captured.Url, script)).Body;
        Assert.Equal("rb-via-events", (string?)JsonNode.Parse(@event)!["detail"]!["requestId"]);
        var response = await harness.InvokeAsync(@event);

        Assert.Contains("completed", response.BodyText, StringComparison.Ordinal);
        Assert.Equal(0, await script.ExitCodeAsync(ScriptLimit));
        var printed = JsonDocument.Parse(script.StdOut).RootElement;
        Assert.Equal(("rb-via-events", "CANCELLED", "eventbridge"), (printed.GetProperty("requestId").GetString(), printed.GetProperty("outcome").GetString(), printed.GetProperty("source").GetString()));
        await AssertNothingLeftAsync(topicArn);
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

        var message = await ReceiveOneAsync(messaging, requests.Url, script);
        await harness.InvokeAsync(SqsEvents.Batch(SqsEvents.Received(message, requests.Arn)));

        Assert.Equal(0, await script.ExitCodeAsync(ScriptLimit));
        Assert.Contains(".fifo for requestId", script.StdErr, StringComparison.Ordinal);
        await AssertNothingLeftAsync(topicArn);
    }

    [Fact]
    public async Task FromStackOutputs_FindsQueueAndTopic()
    {
        moto.RequireRunning();
        using var messaging = new MotoMessaging(moto);
        var stack = $"proton-cancel-{Guid.NewGuid():N}"[..30];
        await moto.AwsAsync("cloudformation", "create-stack", "--stack-name", stack, "--template-body", """
            {"Resources":{"Requests":{"Type":"AWS::SQS::Queue"},"Outcomes":{"Type":"AWS::SNS::Topic"}},
             "Outputs":{"RequestQueueUrl":{"Value":{"Ref":"Requests"}},"OutcomeTopicArn":{"Value":{"Ref":"Outcomes"}},
                        "EventBusName":{"Value":"default"},"RequestEventSource":{"Value":"custom.rollback-pipeline"}}}
            """);
        var outputs = (await moto.AwsAsync("cloudformation", "describe-stacks", "--stack-name", stack)).GetProperty("Stacks")[0].GetProperty("Outputs")
            .EnumerateArray().ToDictionary(o => o.GetProperty("OutputKey").GetString()!, o => o.GetProperty("OutputValue").GetString()!);
        var queueUrl = outputs["RequestQueueUrl"];
        var queueArn = (await messaging.Sqs.GetQueueAttributesAsync(queueUrl, ["QueueArn"], TestContext.Current.CancellationToken)).QueueARN;
        await using var harness = await FunctionHarness.StartAsync(FunctionMode.InProcess, moto.FunctionEnvironment(outputs["OutcomeTopicArn"]), bootstrap, Scenario);
        await using var script = CancelAndWaitScript.Start(moto, "--stack", stack, "--environment", "settled-env", "--settle-seconds", "0", "--timeout", "90");

        var message = await ReceiveOneAsync(messaging, queueUrl, script);
        await harness.InvokeAsync(SqsEvents.Batch(SqsEvents.Received(message, queueArn)));

        Assert.Equal(12, await script.ExitCodeAsync(ScriptLimit));
        Assert.Equal("NOT_IN_PROGRESS", JsonDocument.Parse(script.StdOut).RootElement.GetProperty("outcome").GetString());
        await AssertNothingLeftAsync(outputs["OutcomeTopicArn"]);
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
        Assert.Empty(script.StdOut);
        Assert.Contains("no outcome for requestId", script.StdErr, StringComparison.Ordinal);
        await AssertNothingLeftAsync(topicArn);
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
        await AssertNothingLeftAsync(topicArn);
    }

    [Fact]
    public async Task WithoutAnEnvironment_IsAUsageError_BeforeAnyAwsCall()
    {
        await using var script = CancelAndWaitScript.Start(moto, "--topic-arn", "arn:aws:sns:us-east-1:123456789012:t", "--queue-url", "http://127.0.0.1:1/q");

        Assert.Equal(2, await script.ExitCodeAsync(ScriptLimit));
        Assert.Contains("--environment is required", script.StdErr, StringComparison.Ordinal);
    }

    private async Task AssertNothingLeftAsync(string topicArn)
    {
        using var sqs = moto.CreateSqsClient();
        var queues = (await sqs.ListQueuesAsync("cancel-and-wait")).QueueUrls ?? [];
        Assert.True(queues.Count == 0, $"Queues left behind: {string.Join(", ", queues)}");
        var subscriptions = (await moto.AwsAsync("sns", "list-subscriptions-by-topic", "--topic-arn", topicArn)).GetProperty("Subscriptions");
        Assert.Equal(0, subscriptions.GetArrayLength());
    }

    /// <summary>The one message the script sent, received as Lambda's event source mapping would.</summary>
    private static async Task<Message> ReceiveOneAsync(MotoMessaging messaging, string queueUrl, CancelAndWaitScript script)
    {
        var until = DateTimeOffset.UtcNow + ScriptLimit;
        while (DateTimeOffset.UtcNow < until)
        {
            var response = await messaging.Sqs.ReceiveMessageAsync(
                new ReceiveMessageRequest { QueueUrl = queueUrl, WaitTimeSeconds = 1, MessageSystemAttributeNames = ["All"] },
                TestContext.Current.CancellationToken);
            if (response.Messages is [var message])
            {
                await messaging.Sqs.DeleteMessageAsync(queueUrl, message.ReceiptHandle, TestContext.Current.CancellationToken);
                return message;
            }

            Assert.False(script.HasExited, $"The script exited before the request arrived. stderr:\n{script.StdErr}");
        }

        Assert.Fail($"The script sent nothing to {queueUrl}. stderr:\n{script.StdErr}");
        return null!;
    }
}
