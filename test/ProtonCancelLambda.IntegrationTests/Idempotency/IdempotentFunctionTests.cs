using ProtonCancelLambda.IntegrationTests.Infrastructure;
using ProtonCancelLambda.Local.Simulator.Scenario;

namespace ProtonCancelLambda.IntegrationTests.Idempotency;

/// <summary>
/// The whole function with IDEMPOTENCY_TABLE_NAME set, against moto's DynamoDB (signatures checked): the same
/// request delivered three times in one batch, then again later, is cancelled once and gets one outcome.
/// </summary>
public sealed class IdempotentFunctionTests(PublishedBootstrap bootstrap, MotoServerFixture moto) : IClassFixture<MotoServerFixture>
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

    [Fact]
    public async Task WatchHandedOverThroughTheQueue_CarriesTheOwnerToken_AndAStaleContinuationIsDropped()
    {
        moto.RequireRunning();
        var table = await IdempotencyTables.CreateAsync(moto, "chain");
        var queueUrl = (await moto.AwsAsync("sqs", "create-queue", "--queue-name", $"requests-{Guid.NewGuid():N}")).GetProperty("QueueUrl").GetString()!;
        var scenario = ScenarioFile.Parse("""{"environments":[{"name":"prod-network","cancel":{"settlesAs":"CANCELLED","afterSeconds":5}}]}""");
        var environment = Environment(table);
        environment["REQUEST_QUEUE_URL"] = queueUrl;
        environment["AWS_ENDPOINT_URL_SQS"] = moto.Endpoint.ToString();
        environment["POLL_WINDOW_SECONDS"] = "1";
        await using var harness = await FunctionHarness.StartAsync(FunctionMode.InProcess, environment, bootstrap, scenario);

        await harness.InvokeAsync(SqsEvents.Batch(SqsEvents.Record("m-1", Body)));
        var tokens = new List<string>();
        string? firstBody = null;
        for (var hop = 0; harness.Outcomes.Count == 0 && hop < 10; hop++)
        {
            var received = await moto.AwsAsync("sqs", "receive-message", "--queue-url", queueUrl, "--wait-time-seconds", "20");
            var message = received.GetProperty("Messages")[0];
            var body = message.GetProperty("Body").GetString()!;
            firstBody ??= body;
            tokens.Add(System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("watch").GetProperty("token").GetString()!);
            await harness.InvokeAsync(SqsEvents.Batch(SqsEvents.Record(message.GetProperty("MessageId").GetString()!, body)));
            await moto.AwsAsync("sqs", "delete-message", "--queue-url", queueUrl, "--receipt-handle", message.GetProperty("ReceiptHandle").GetString()!);
        }

        // The first continuation again, as a late duplicate of an earlier hop: the record has moved on.
        var stale = await harness.InvokeAsync(SqsEvents.Batch(SqsEvents.Record("m-stale", firstBody!)));

        Assert.Equal("""{"batchItemFailures":[]}""", stale.BodyText);
        Assert.Equal("CANCELLED", Assert.Single(harness.Outcomes).GetProperty("outcome").GetString());
        Assert.Equal(tokens.Count, tokens.Distinct().Count());
        Assert.Equal(1, harness.Simulator.Calls.CancelEnvironmentDeployment);
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
