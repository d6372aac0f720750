using System.Text.Json.Nodes;
using ProtonCancelLambda.IntegrationTests.Infrastructure;
using ProtonCancelLambda.Local.Simulator.Scenario;

namespace ProtonCancelLambda.IntegrationTests.Idempotency;

/// <summary>
/// The whole function with IDEMPOTENCY_TABLE_NAME set, against moto's DynamoDB (signatures checked): the same
/// request delivered three times in one batch, then again later, is cancelled once and gets one outcome; the
/// same holds for an EventBridge event delivered twice at once, and for a stale continuation mid-chain.
/// </summary>
public sealed class IdempotentFunctionTests(PublishedBootstrap bootstrap, MotoServerFixture moto)
{
    private const string Body = """{"environmentName":"prod-network","requestId":"rb-2291","reason":"canary alarm"}""";

    [Theory]
    [InlineData(FunctionMode.InProcess)]
    [InlineData(FunctionMode.Aot)]
    public async Task SameRequestDeliveredThreeTimesThenAgain_IsCancelledOnceWithOneOutcome(FunctionMode mode)
    {
        moto.RequireRunning();
        var table = await IdempotencyTables.CreateAsync(moto, "function");
        var scenario = ScenarioFile.Parse("""{"environments":[{"name":"prod-network","cancel":{"settlesAs":"CANCELLED","afterSeconds":1}}]}""");
        await using var harness = await FunctionHarness.StartAsync(mode, Environment(table), bootstrap, scenario);

        var batch = await harness.InvokeAsync(SqsEvents.Batch(SqsEvents.Record("m-1", Body), SqsEvents.Record("m-2", Body), SqsEvents.Record("m-3", Body)));
        var later = await harness.InvokeAsync(SqsEvents.Batch(SqsEvents.Record("m-4", Body)));

        Assert.Equal("""{"batchItemFailures":[]}""", batch.BodyText);
        Assert.Equal("""{"batchItemFailures":[]}""", later.BodyText);
        var outcome = Assert.Single(harness.Outcomes);
        Assert.Equal(("CANCELLED", "rb-2291"), (outcome.GetProperty("outcome").GetString(), outcome.GetProperty("requestId").GetString()));
        Assert.Equal(1, harness.Simulator.Calls.CancelEnvironmentDeployment);
        Assert.Contains(harness.LogLines, line => line.Contains("already has its outcome (CANCELLED); delivery m-4 is a duplicate", StringComparison.Ordinal));
    }

    /// <summary>
    /// EventBridge invokes asynchronously and at least once, so one event can reach two execution environments at
    /// once. The second copy (same event id, so the same requestId and delivery) finds the record held by the first,
    /// which is still watching: it cancels nothing and fails the invocation, so Lambda retries it later; the retry,
    /// after the first has published, finds the outcome recorded and publishes nothing. One cancel, one outcome.
    /// </summary>
    [Fact]
    public async Task SameEventBridgeEventTwice_WhileTheFirstHoldsTheLease_IsCancelledOnceWithOneOutcome()
    {
        moto.RequireRunning();
        var table = await IdempotencyTables.CreateAsync(moto, "eventbridge");
        var scenario = ScenarioFile.Parse("""{"environments":[{"name":"prod-network","cancel":{"settlesAs":"CANCELLED","afterSeconds":3}}]}""");
        await using var first = await FunctionHarness.StartAsync(FunctionMode.InProcess, Environment(table), bootstrap, scenario);
        await using var second = await FunctionHarness.StartAsync(FunctionMode.InProcess, Environment(table), bootstrap, scenario);
        var @event = EventBridgeEvents.CancelRequested("evt-7f3a", JsonNode.Parse("""{"environmentName":"prod-network","reason":"canary alarm"}"""));

        var watching = first.InvokeAsync(@event);
        for (var i = 0; i < 1000 && first.Simulator.Calls.CancelEnvironmentDeployment == 0 && !watching.IsCompleted; i++)
        {
            await Task.Delay(10);
        }

        Assert.False(watching.IsCompleted, "the first delivery finished before the second arrived: nothing held the lease");
        var whileHeld = await second.InvokeAsync(@event);
        var answered = await watching;
        var retried = await second.InvokeAsync(@event);

        Assert.True(whileHeld.IsError, $"the copy that found the lease held must be retried by Lambda: {whileHeld.BodyText}");
        Assert.False(answered.IsError, answered.BodyText);
        Assert.False(retried.IsError, retried.BodyText);
        var outcome = Assert.Single(first.Outcomes);
        Assert.Equal(("CANCELLED", "evt-7f3a", "eventbridge"), (outcome.GetProperty("outcome").GetString(), outcome.GetProperty("requestId").GetString(), outcome.GetProperty("source").GetString()));
        Assert.Empty(second.Outcomes);
        Assert.Equal((1, 0), (first.Simulator.Calls.CancelEnvironmentDeployment, second.Simulator.Calls.CancelEnvironmentDeployment));
        Assert.Contains(second.LogLines, line => line.Contains("evt-7f3a already has its outcome (CANCELLED)", StringComparison.Ordinal));
    }

    /// <summary>
    /// A watch handed from continuation to continuation through a moto queue, each with a new owner token. Mid-chain
    /// (the record already names a later continuation, and nothing is published yet) the first continuation comes
    /// again, as a late duplicate of an earlier hop: it takes the out-of-date path, doing nothing (no cancel, no
    /// poll, no hand-over, no outcome), and the chain goes on to one CANCELLED outcome.
    /// </summary>
    [Fact]
    public async Task WatchHandedOverThroughTheQueue_CarriesTheOwnerToken_AndAStaleContinuationMidChainIsDropped()
    {
        moto.RequireRunning();
        var table = await IdempotencyTables.CreateAsync(moto, "chain");
        using var sqs = moto.CreateSqsClient();
        var queueUrl = (await sqs.CreateQueueAsync($"requests-{Guid.NewGuid():N}")).QueueUrl;
        // Settling 8 s after the cancel leaves several hops of a second or two each before it.
        var scenario = ScenarioFile.Parse("""{"environments":[{"name":"prod-network","cancel":{"settlesAs":"CANCELLED","afterSeconds":8}}]}""");
        var environment = Environment(table);
        environment["REQUEST_QUEUE_URL"] = queueUrl;
        environment["AWS_ENDPOINT_URL_SQS"] = moto.Endpoint.ToString();
        environment["POLL_WINDOW_SECONDS"] = "1";
        await using var harness = await FunctionHarness.StartAsync(FunctionMode.InProcess, environment, bootstrap, scenario);

        await harness.InvokeAsync(SqsEvents.Batch(SqsEvents.Record("m-1", Body)));
        var tokens = new List<string>();
        string? firstBody = null;
        (string BodyText, int Outcomes, int GetCalls, int Queued)? stale = null;
        for (var hop = 0; harness.Outcomes.Count == 0 && hop < 10; hop++)
        {
            var message = await ReceiveOneAsync(sqs, queueUrl);
            firstBody ??= message.Body;
            tokens.Add(System.Text.Json.JsonDocument.Parse(message.Body).RootElement.GetProperty("watch").GetProperty("token").GetString()!);
            await harness.InvokeAsync(SqsEvents.Batch(SqsEvents.Record(message.MessageId, message.Body)));
            await sqs.DeleteMessageAsync(queueUrl, message.ReceiptHandle);
            if (hop == 1 && harness.Outcomes.Count == 0)
            {
                // The record now names the second continuation's successor; the first continuation is two hops old.
                var gets = harness.Simulator.Calls.GetEnvironment;
                var response = await harness.InvokeAsync(SqsEvents.Batch(SqsEvents.Record("m-stale", firstBody)));
                var queue = await sqs.GetQueueAttributesAsync(queueUrl, ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesDelayed"]);
                stale = (response.BodyText, harness.Outcomes.Count, harness.Simulator.Calls.GetEnvironment - gets, queue.ApproximateNumberOfMessages + queue.ApproximateNumberOfMessagesDelayed);
            }
        }

        Assert.NotNull(stale);
        Assert.Equal(("""{"batchItemFailures":[]}""", 0, 0, 1), stale.Value);
        Assert.Contains(harness.LogLines, line => line.Contains("this one is out of date; delivery m-stale is a duplicate and does nothing", StringComparison.Ordinal));
        Assert.Equal("CANCELLED", Assert.Single(harness.Outcomes).GetProperty("outcome").GetString());
        Assert.True(tokens.Count >= 3, $"the chain had {tokens.Count} continuations; the stale one must come mid-chain");
        Assert.Equal(tokens.Count, tokens.Distinct().Count());
        Assert.Equal(1, harness.Simulator.Calls.CancelEnvironmentDeployment);
    }

    private static async Task<Amazon.SQS.Model.Message> ReceiveOneAsync(Amazon.SQS.AmazonSQSClient sqs, string queueUrl)
    {
        var received = await sqs.ReceiveMessageAsync(new Amazon.SQS.Model.ReceiveMessageRequest { QueueUrl = queueUrl, WaitTimeSeconds = 20, MaxNumberOfMessages = 1 });
        return Assert.Single(received.Messages ?? []);
    }

    private Dictionary<string, string> Environment(string table) => new(FunctionHarness.BaseEnvironment)
    {
        ["AWS_ACCESS_KEY_ID"] = moto.AccessKeyId,
        ["AWS_SECRET_ACCESS_KEY"] = moto.SecretAccessKey,
        ["AWS_ENDPOINT_URL_DYNAMODB"] = moto.Endpoint.ToString(),
        ["IDEMPOTENCY_TABLE_NAME"] = table,
        ["POLL_INITIAL_SECONDS"] = "0.2",
        ["AWS_LAMBDA_LOG_LEVEL"] = "INFO",
    };
}
