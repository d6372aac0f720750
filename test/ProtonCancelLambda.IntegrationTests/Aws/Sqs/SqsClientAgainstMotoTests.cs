using Amazon.SQS;
using Amazon.SQS.Model;
using ProtonCancelLambda.Aws.Clients;
using ProtonCancelLambda.Aws.Http;
using ProtonCancelLambda.Aws.Sqs;
using ProtonCancelLambda.Configuration;
using ProtonCancelLambda.IntegrationTests.Infrastructure;

namespace ProtonCancelLambda.IntegrationTests.Aws.Sqs;

/// <summary>
/// Our SQS SendMessage (AWS JSON 1.0 on the signed channel) against moto_server with SigV4 checking on: the
/// message arrives as sent, delayed as asked, with the trace header kept as AWSTraceHeader (what Lambda's loop
/// detection reads); a missing queue and a wrong secret are refused for good.
/// </summary>
public sealed class SqsClientAgainstMotoTests(MotoServerFixture moto)
{
    private const string TraceHeader = "Root=1-67891233-abcdef012345678912345678;Parent=53995c3f42cd8ad8;Sampled=0;Lineage=a87bd80c:3";

    [Fact]
    public async Task SendMessage_WithTraceHeader_ArrivesWithBodyAndAwsTraceHeader()
    {
        moto.RequireRunning();
        using var sqs = Sqs();
        var queueUrl = await CreateQueueAsync(sqs, "send");
        const string body = """{"environmentName":"prod-network","watch":{"since":"2026-11-24T10:00:00.000Z","pollCount":3}}""";

        var messageId = await Sender(moto.SecretAccessKey, TraceHeader).SendMessageAsync(new SqsSendMessageRequest(queueUrl, body), Deadline(), TestContext.Current.CancellationToken);

        var received = await ReceiveOneAsync(sqs, queueUrl, waitSeconds: 5);
        Assert.Equal((messageId, body), (received.MessageId, received.Body));
        Assert.Equal(TraceHeader, received.Attributes["AWSTraceHeader"]);
    }

    [Fact]
    public async Task SendMessage_WithDelay_IsHeldBackForTheDelay()
    {
        moto.RequireRunning();
        using var sqs = Sqs();
        var queueUrl = await CreateQueueAsync(sqs, "delay");

        await Sender(moto.SecretAccessKey, null).SendMessageAsync(new SqsSendMessageRequest(queueUrl, "later", DelaySeconds: 2), Deadline(), TestContext.Current.CancellationToken);

        var early = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queueUrl, WaitTimeSeconds = 0 }, TestContext.Current.CancellationToken);
        Assert.Empty(early.Messages ?? []);
        var received = await ReceiveOneAsync(sqs, queueUrl, waitSeconds: 5);
        Assert.Equal("later", received.Body);
        Assert.False(received.Attributes.ContainsKey("AWSTraceHeader"));
    }

    [Fact]
    public async Task SendMessage_ToAMissingQueue_IsRefusedForGood()
    {
        moto.RequireRunning();
        var missing = new Uri(moto.Endpoint, "/123456789012/no-such-queue").ToString();

        var error = await Assert.ThrowsAsync<SqsException>(
            () => Sender(moto.SecretAccessKey, null).SendMessageAsync(new SqsSendMessageRequest(missing, "m"), Deadline(), TestContext.Current.CancellationToken));

        Assert.Equal(("QueueDoesNotExist", false), (error.ErrorCode, error.IsRetryable));
    }

    [Fact]
    public async Task SendMessage_SignedWithAWrongSecret_IsRefusedAndNotRetryable()
    {
        moto.RequireRunning();
        using var sqs = Sqs();
        var queueUrl = await CreateQueueAsync(sqs, "denied");
        const string wrongSecret = "not-the-secret-0123456789abcdefghijklmn";

        var error = await Assert.ThrowsAsync<SqsException>(
            () => Sender(wrongSecret, null).SendMessageAsync(new SqsSendMessageRequest(queueUrl, "m"), Deadline(), TestContext.Current.CancellationToken));

        Assert.Equal((403, false), (error.StatusCode, error.IsRetryable));
        Assert.DoesNotContain(wrongSecret, error.ToString(), StringComparison.Ordinal);
    }

    private static DateTimeOffset Deadline() => TimeProvider.System.GetUtcNow().AddSeconds(30);

    /// <summary>Through the public factory, configured as the function is: by environment variables.</summary>
    private ISqsSender Sender(string secret, string? traceHeader) => AwsClientFactory.CreateSqs(
        new DictionaryEnvironmentVariables([
            KeyValuePair.Create(SettingNames.EndpointUrlSqs, moto.Endpoint.ToString()),
            KeyValuePair.Create("AWS_ACCESS_KEY_ID", moto.AccessKeyId),
            KeyValuePair.Create("AWS_SECRET_ACCESS_KEY", secret)]),
        MotoServerFixture.Region,
        TimeProvider.System,
        new AwsClientOptions { TraceHeader = () => traceHeader, MaxAttempts = 2 });

    private AmazonSQSClient Sqs() => moto.CreateSqsClient();

    private static async Task<string> CreateQueueAsync(AmazonSQSClient sqs, string name) =>
        (await sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = $"{name}-{Guid.NewGuid():N}" }, TestContext.Current.CancellationToken)).QueueUrl;

    private static async Task<Message> ReceiveOneAsync(AmazonSQSClient sqs, string queueUrl, int waitSeconds)
    {
        var response = await sqs.ReceiveMessageAsync(
            new ReceiveMessageRequest { QueueUrl = queueUrl, MaxNumberOfMessages = 10, WaitTimeSeconds = waitSeconds, MessageSystemAttributeNames = ["All"] },
            TestContext.Current.CancellationToken);
        return Assert.Single(response.Messages ?? []);
    }
}
