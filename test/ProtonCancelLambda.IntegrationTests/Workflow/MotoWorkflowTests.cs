using System.Text.Json;
using ProtonCancelLambda.IntegrationTests.Infrastructure;
using ProtonCancelLambda.Local.Simulator.Scenario;

namespace ProtonCancelLambda.IntegrationTests.Workflow;

/// <summary>
/// The function against moto for SNS and SQS (signatures checked): outcomes read back from an SQS queue
/// subscribed to the topic, and continuation messages sent to a real queue and fed back into the function,
/// as Lambda's event source mapping would.
/// </summary>
public sealed class MotoWorkflowTests(PublishedBootstrap bootstrap, MotoServerFixture moto) : IClassFixture<MotoServerFixture>
{
    [Theory]
    [InlineData(FunctionMode.InProcess)]
    [InlineData(FunctionMode.Aot)]
    [InlineData(FunctionMode.AotArm64)]
    public async Task SlowCancellation_ContinuesThroughTheQueue_AndEndsCancelled(FunctionMode mode)
    {
        moto.RequireRunning();
        var (topicArn, subscriberUrl) = await CreateTopicWithSubscriberAsync($"outcomes-{Guid.NewGuid():N}");
        var requestQueueUrl = await CreateQueueAsync($"requests-{Guid.NewGuid():N}");
        var scenario = ScenarioFile.Parse("""{"environments":[{"name":"prod-network","cancel":{"settlesAs":"CANCELLED","afterSeconds":5}}]}""");
        await using var harness = await FunctionHarness.StartAsync(mode, Environment(topicArn, requestQueueUrl, ("POLL_WINDOW_SECONDS", "1")), bootstrap, scenario);

        var first = await harness.InvokeAsync(SqsEvents.Batch(SqsEvents.Record("m-original", """{"environmentName":"prod-network","reason":"slow"}""")));
        Assert.Equal("""{"batchItemFailures":[]}""", first.BodyText);

        var continuations = 0;
        var outcomes = new List<JsonElement>();
        while (outcomes.Count == 0 && continuations < 10)
        {
            var message = await ReceiveOneAsync(requestQueueUrl, TimeSpan.FromSeconds(20));
            var body = JsonDocument.Parse(message.GetProperty("Body").GetString()!).RootElement;
            Assert.Equal("m-original", body.GetProperty("requestId").GetString());
            Assert.True(body.GetProperty("watch").GetProperty("pollCount").GetInt32() > 0);
            continuations++;
            var record = SqsEvents.Record(message.GetProperty("MessageId").GetString()!, body.GetRawText());
            var result = await harness.InvokeAsync(SqsEvents.Batch(record));
            Assert.Equal("""{"batchItemFailures":[]}""", result.BodyText);
            outcomes.AddRange(await DrainAsync(subscriberUrl));
        }

        var outcome = Assert.Single(outcomes);
        Assert.Equal("CANCELLED", outcome.GetProperty("outcome").GetString());
        Assert.Equal("m-original", outcome.GetProperty("requestId").GetString());
        Assert.Equal("slow", outcome.GetProperty("reason").GetString());
        Assert.Equal("sqs", outcome.GetProperty("source").GetString());

        // The first invocation polls through the 1 s window, then every continuation polls once and hands over
        // with a delay of at least 1 s (SQS DelaySeconds), so a deployment that settles 5 s after the cancel
        // is seen by the 4th continuation at the latest (2 in practice, with the test's own round trips).
        // More would mean continuations come back without their delay.
        Assert.InRange(continuations, 1, 4);
        Assert.Equal(1, harness.Simulator.Calls.CancelEnvironmentDeployment);
    }

    [Fact]
    public async Task WatchPastMaxWatchSeconds_EndsTimedOut()
    {
        moto.RequireRunning();
        var (topicArn, subscriberUrl) = await CreateTopicWithSubscriberAsync($"outcomes-{Guid.NewGuid():N}");
        var requestQueueUrl = await CreateQueueAsync($"requests-{Guid.NewGuid():N}");
        var scenario = ScenarioFile.Parse("""{"environments":[{"name":"stuck-env","cancel":{"settlesAs":"CANCELLED","afterSeconds":3600}}]}""");
        await using var harness = await FunctionHarness.StartAsync(
            FunctionMode.InProcess, Environment(topicArn, requestQueueUrl, ("POLL_WINDOW_SECONDS", "1"), ("MAX_WATCH_SECONDS", "3")), bootstrap, scenario);

        await harness.InvokeAsync(SqsEvents.Batch(SqsEvents.Record("m-stuck", """{"environmentName":"stuck-env","requestId":"r-stuck"}""")));
        var outcomes = new List<JsonElement>();
        for (var round = 0; outcomes.Count == 0 && round < 10; round++)
        {
            var message = await ReceiveOneAsync(requestQueueUrl, TimeSpan.FromSeconds(20));
            await harness.InvokeAsync(SqsEvents.Batch(SqsEvents.Record(message.GetProperty("MessageId").GetString()!, message.GetProperty("Body").GetString())));
            outcomes.AddRange(await DrainAsync(subscriberUrl));
        }

        var outcome = Assert.Single(outcomes);
        Assert.Equal("TIMED_OUT", outcome.GetProperty("outcome").GetString());
        Assert.Equal("CANCELLING", outcome.GetProperty("deploymentStatus").GetString());
        Assert.Equal("r-stuck", outcome.GetProperty("requestId").GetString());
    }

    [Fact]
    public async Task FifoTopic_GroupsByEnvironment_AndDeduplicatesByRequestId()
    {
        moto.RequireRunning();
        var name = $"outcomes-{Guid.NewGuid():N}.fifo";
        var topicArn = (await moto.AwsAsync("sns", "create-topic", "--name", name, "--attributes", "FifoTopic=true")).GetProperty("TopicArn").GetString()!;
        var queueUrl = await CreateQueueAsync($"subscriber-{Guid.NewGuid():N}.fifo", "FifoQueue=true");
        await SubscribeAsync(topicArn, queueUrl);
        await using var harness = await FunctionHarness.StartAsync(FunctionMode.Aot, Environment(topicArn, null), bootstrap);

        await harness.InvokeSqsAsync("""{"environmentName":"prod-network","requestId":"rb-fifo-1"}""");

        var message = await ReceiveOneAsync(queueUrl, TimeSpan.FromSeconds(10));
        var attributes = message.GetProperty("Attributes");
        Assert.Equal("prod-network", attributes.GetProperty("MessageGroupId").GetString());
        Assert.Equal("rb-fifo-1", attributes.GetProperty("MessageDeduplicationId").GetString());
        Assert.Equal("CANCELLED", JsonDocument.Parse(message.GetProperty("Body").GetString()!).RootElement.GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task Outcome_ReadBackFromASubscribedQueue_CarriesFilterAttributes()
    {
        moto.RequireRunning();
        var topicArn = (await moto.AwsAsync("sns", "create-topic", "--name", $"outcomes-{Guid.NewGuid():N}")).GetProperty("TopicArn").GetString()!;
        var queueUrl = await CreateQueueAsync($"subscriber-{Guid.NewGuid():N}");
        var queueArn = await QueueArnAsync(queueUrl);
        // Not raw: the SNS envelope carries the message attributes subscribers filter on.
        await moto.AwsAsync("sns", "subscribe", "--topic-arn", topicArn, "--protocol", "sqs", "--notification-endpoint", queueArn);
        await using var harness = await FunctionHarness.StartAsync(FunctionMode.InProcess, Environment(topicArn, null), bootstrap);

        await harness.InvokeSqsAsync("""{"environmentName":"prod-network","requestId":"rb-attr"}""");

        var envelope = JsonDocument.Parse((await ReceiveOneAsync(queueUrl, TimeSpan.FromSeconds(10))).GetProperty("Body").GetString()!).RootElement;
        var attributes = envelope.GetProperty("MessageAttributes");
        Assert.Equal("CANCELLED", attributes.GetProperty("outcome").GetProperty("Value").GetString());
        Assert.Equal("prod-network", attributes.GetProperty("environmentName").GetProperty("Value").GetString());
        Assert.Equal("CANCELLED", attributes.GetProperty("deploymentStatus").GetProperty("Value").GetString());
        Assert.Equal("rb-attr", JsonDocument.Parse(envelope.GetProperty("Message").GetString()!).RootElement.GetProperty("requestId").GetString());
    }

    private Dictionary<string, string> Environment(string topicArn, string? requestQueueUrl, params (string Name, string Value)[] extra)
    {
        var environment = moto.FunctionEnvironment(topicArn);
        if (requestQueueUrl is not null)
        {
            environment["REQUEST_QUEUE_URL"] = requestQueueUrl;
        }

        foreach (var (name, value) in extra)
        {
            environment[name] = value;
        }

        return environment;
    }

    private async Task<(string TopicArn, string SubscriberQueueUrl)> CreateTopicWithSubscriberAsync(string name)
    {
        var topicArn = (await moto.AwsAsync("sns", "create-topic", "--name", name)).GetProperty("TopicArn").GetString()!;
        var queueUrl = await CreateQueueAsync($"subscriber-{Guid.NewGuid():N}");
        await SubscribeAsync(topicArn, queueUrl);
        return (topicArn, queueUrl);
    }

    private async Task SubscribeAsync(string topicArn, string queueUrl) =>
        await moto.AwsAsync("sns", "subscribe", "--topic-arn", topicArn, "--protocol", "sqs", "--notification-endpoint", await QueueArnAsync(queueUrl), "--attributes", "RawMessageDelivery=true");

    private async Task<string> CreateQueueAsync(string name, string? attributes = null)
    {
        string[] arguments = attributes is null ? ["sqs", "create-queue", "--queue-name", name] : ["sqs", "create-queue", "--queue-name", name, "--attributes", attributes];
        return (await moto.AwsAsync(arguments)).GetProperty("QueueUrl").GetString()!;
    }

    private async Task<string> QueueArnAsync(string queueUrl) =>
        (await moto.AwsAsync("sqs", "get-queue-attributes", "--queue-url", queueUrl, "--attribute-names", "QueueArn")).GetProperty("Attributes").GetProperty("QueueArn").GetString()!;

    private async Task<JsonElement> ReceiveOneAsync(string queueUrl, TimeSpan within)
    {
        var until = DateTimeOffset.UtcNow + within;
        while (DateTimeOffset.UtcNow < until)
        {
            var messages = await ReceiveAsync(queueUrl);
            if (messages.Count > 0)
            {
                return Assert.Single(messages);
            }
        }

        Assert.Fail($"No message arrived on {queueUrl} within {within}.");
        return default;
    }

    private async Task<List<JsonElement>> DrainAsync(string queueUrl) =>
        (await ReceiveAsync(queueUrl)).Select(m => OutcomeSchema.AssertValid(JsonDocument.Parse(m.GetProperty("Body").GetString()!).RootElement.Clone())).ToList();

    private async Task<List<JsonElement>> ReceiveAsync(string queueUrl)
    {
        var received = await moto.AwsAsync("sqs", "receive-message", "--queue-url", queueUrl, "--wait-time-seconds", "2", "--max-number-of-messages", "10", "--attribute-names", "All");
        if (received.ValueKind != JsonValueKind.Object || !received.TryGetProperty("Messages", out var messages))
        {
            return [];
        }

        var list = messages.EnumerateArray().Select(m => m.Clone()).ToList();
        foreach (var message in list)
        {
            await moto.AwsAsync("sqs", "delete-message", "--queue-url", queueUrl, "--receipt-handle", message.GetProperty("ReceiptHandle").GetString()!);
        }

        return list;
    }
}
