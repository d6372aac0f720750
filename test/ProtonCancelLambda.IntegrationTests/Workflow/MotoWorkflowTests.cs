using System.Text.Json;
using Amazon.SQS;
using Amazon.SQS.Model;
using ProtonCancelLambda.IntegrationTests.Infrastructure;
using ProtonCancelLambda.Local.Simulator.Scenario;

namespace ProtonCancelLambda.IntegrationTests.Workflow;

/// <summary>
/// The function against moto for SNS and SQS (signatures checked): outcomes read back from an SQS queue
/// subscribed to the topic, and continuation messages sent to a real queue and fed back into the function,
/// as Lambda's event source mapping would. Queues are read and written through the AWS SDK's SQS client (one
/// HTTP call each, not an AWS CLI process); SNS set-up goes through the AWS CLI.
/// </summary>
public sealed class MotoWorkflowTests(PublishedBootstrap bootstrap, MotoServerFixture moto) : IDisposable
{
    private readonly AmazonSQSClient _sqs = moto.CreateSqsClient();

    public void Dispose() => _sqs.Dispose();

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
            var body = JsonDocument.Parse(message.Body).RootElement;
            Assert.Equal("m-original", body.GetProperty("requestId").GetString());
            Assert.True(body.GetProperty("watch").GetProperty("pollCount").GetInt32() > 0);
            continuations++;
            var record = SqsEvents.Record(message.MessageId, body.GetRawText());
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

    /// <summary>
    /// A FIFO request queue takes no per-message delay: each continuation is sent at once, in the environment's
    /// message group, deduplicated by requestId and poll count, and polls through a whole window of its own
    /// (instead of once) before it hands over again. The watch still ends in one CANCELLED outcome, one cancel.
    /// </summary>
    [Fact]
    public async Task FifoRequestQueue_ContinuationsGoInTheEnvironmentsGroup_EachPollsAWindow_AndTheWatchEndsCancelled()
    {
        moto.RequireRunning();
        var (topicArn, subscriberUrl) = await CreateTopicWithSubscriberAsync($"outcomes-{Guid.NewGuid():N}");
        var requestQueueUrl = await CreateQueueAsync($"requests-{Guid.NewGuid():N}.fifo", fifo: true);
        var scenario = ScenarioFile.Parse("""{"environments":[{"name":"prod-network","cancel":{"settlesAs":"CANCELLED","afterSeconds":4}}]}""");
        await using var harness = await FunctionHarness.StartAsync(
            FunctionMode.InProcess,
            Environment(topicArn, requestQueueUrl, ("POLL_WINDOW_SECONDS", "1"), ("POLL_INITIAL_SECONDS", "0.2"), ("POLL_MAX_SECONDS", "0.2")),
            bootstrap,
            scenario);

        await harness.InvokeAsync(SqsEvents.Batch(SqsEvents.Record("m-fifo", """{"environmentName":"prod-network","requestId":"rb-fifo-queue"}""")));
        var outcomes = new List<JsonElement>();
        var pollsPerContinuation = new List<int>();
        for (var hop = 0; outcomes.Count == 0 && hop < 10; hop++)
        {
            var message = await ReceiveOneAsync(requestQueueUrl, TimeSpan.FromSeconds(10));
            var pollCount = JsonDocument.Parse(message.Body).RootElement.GetProperty("watch").GetProperty("pollCount").GetInt32();
            Assert.Equal("prod-network", message.Attributes["MessageGroupId"]);
            Assert.Equal($"rb-fifo-queue#{pollCount}", message.Attributes["MessageDeduplicationId"]);
            var before = harness.Simulator.Calls.GetEnvironment;
            await harness.InvokeAsync(SqsEvents.Batch(SqsEvents.Record(message.MessageId, message.Body)));
            pollsPerContinuation.Add(harness.Simulator.Calls.GetEnvironment - before);
            outcomes.AddRange(await DrainAsync(subscriberUrl));
        }

        var outcome = Assert.Single(outcomes);
        Assert.Equal(("CANCELLED", "rb-fifo-queue"), (outcome.GetProperty("outcome").GetString(), outcome.GetProperty("requestId").GetString()));
        Assert.Equal(1, harness.Simulator.Calls.CancelEnvironmentDeployment);

        // Every continuation but the one that saw the settled status polled through its 1 s window (0.2 s apart).
        Assert.True(pollsPerContinuation.Count >= 2, $"{pollsPerContinuation.Count} continuations; settling 4 s after the cancel needs more than one 1 s window");
        Assert.All(pollsPerContinuation[..^1], polls => Assert.True(polls >= 3, $"a continuation polled {polls} times; on a FIFO queue each polls through its window ({string.Join(", ", pollsPerContinuation)})"));
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
            await harness.InvokeAsync(SqsEvents.Batch(SqsEvents.Record(message.MessageId, message.Body)));
            outcomes.AddRange(await DrainAsync(subscriberUrl));
        }

        var outcome = Assert.Single(outcomes);
        Assert.Equal("TIMED_OUT", outcome.GetProperty("outcome").GetString());
        Assert.Equal("CANCELLING", outcome.GetProperty("deploymentStatus").GetString());
        Assert.Equal("r-stuck", outcome.GetProperty("requestId").GetString());
    }

    /// <summary>
    /// Without the idempotency table the same request delivered twice is answered twice (CANCELLED, then
    /// NOT_IN_PROGRESS); on a FIFO topic both carry MessageDeduplicationId = requestId, so SNS passes one on.
    /// </summary>
    [Fact]
    public async Task FifoTopic_GroupsByEnvironment_AndDeduplicatesByRequestId()
    {
        moto.RequireRunning();
        var name = $"outcomes-{Guid.NewGuid():N}.fifo";
        var topicArn = (await moto.AwsAsync("sns", "create-topic", "--name", name, "--attributes", "FifoTopic=true")).GetProperty("TopicArn").GetString()!;
        var queueUrl = await CreateQueueAsync($"subscriber-{Guid.NewGuid():N}.fifo", fifo: true);
        await SubscribeAsync(topicArn, queueUrl);
        await using var harness = await FunctionHarness.StartAsync(FunctionMode.Aot, Environment(topicArn, null), bootstrap);

        await harness.InvokeSqsAsync("""{"environmentName":"prod-network","requestId":"rb-fifo-1"}""");
        await harness.InvokeSqsAsync("""{"environmentName":"prod-network","requestId":"rb-fifo-1"}""");

        // The function published twice (SNS went to moto, so its log says so)...
        Assert.Contains(harness.LogLines, line => line.Contains("Published CANCELLED for rb-fifo-1", StringComparison.Ordinal));
        Assert.Contains(harness.LogLines, line => line.Contains("Published NOT_IN_PROGRESS for rb-fifo-1", StringComparison.Ordinal));

        // ...and the subscriber got one message: the first.
        var received = await ReceiveAsync(queueUrl);
        var message = Assert.Single(received);
        Assert.Empty(await ReceiveAsync(queueUrl));
        Assert.Equal("prod-network", message.Attributes["MessageGroupId"]);
        Assert.Equal("rb-fifo-1", message.Attributes["MessageDeduplicationId"]);
        Assert.Equal("CANCELLED", JsonDocument.Parse(message.Body).RootElement.GetProperty("outcome").GetString());
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

        var envelope = JsonDocument.Parse((await ReceiveOneAsync(queueUrl, TimeSpan.FromSeconds(10))).Body).RootElement;
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

    private async Task<string> CreateQueueAsync(string name, bool fifo = false) =>
        (await _sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = name, Attributes = fifo ? new() { ["FifoQueue"] = "true" } : null })).QueueUrl;

    private async Task<string> QueueArnAsync(string queueUrl) =>
        (await _sqs.GetQueueAttributesAsync(queueUrl, ["QueueArn"])).QueueARN;

    private async Task<Message> ReceiveOneAsync(string queueUrl, TimeSpan within)
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
        return null!;
    }

    private async Task<List<JsonElement>> DrainAsync(string queueUrl) =>
        (await ReceiveAsync(queueUrl)).Select(m => OutcomeSchema.AssertValid(JsonDocument.Parse(m.Body).RootElement.Clone())).ToList();

    private async Task<List<Message>> ReceiveAsync(string queueUrl)
    {
        var received = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest
        {
            QueueUrl = queueUrl,
            WaitTimeSeconds = 2,
            MaxNumberOfMessages = 10,
            MessageSystemAttributeNames = ["All"],
        });
        var messages = received.Messages ?? [];
        foreach (var message in messages)
        {
            await _sqs.DeleteMessageAsync(queueUrl, message.ReceiptHandle);
        }

        return messages;
    }
}
