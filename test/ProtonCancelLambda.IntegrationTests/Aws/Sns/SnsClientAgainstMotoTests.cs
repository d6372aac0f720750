using System.Text.Json;
using Amazon.SQS;
using Amazon.SQS.Model;
using ProtonCancelLambda.Aws.Clients;
using ProtonCancelLambda.Aws.Sns;
using ProtonCancelLambda.Configuration;
using ProtonCancelLambda.IntegrationTests.Infrastructure;

namespace ProtonCancelLambda.IntegrationTests.Aws.Sns;

/// <summary>
/// Our SNS client against moto_server with SigV4 checking on: messages published with our signatures arrive,
/// attributes and FIFO ids intact, on an SQS queue subscribed to the topic; a wrong secret is refused.
/// </summary>
public sealed class SnsClientAgainstMotoTests(MotoServerFixture moto)
{
    private static readonly KeyValuePair<string, string>[] Attributes =
    [
        KeyValuePair.Create("outcome", "CANCELLED"),
        KeyValuePair.Create("environmentName", "prod-network"),
        KeyValuePair.Create("deploymentStatus", "CANCELLED"),
    ];

    [Fact]
    public async Task Publish_WithRawDelivery_ArrivesWithMessageAndAttributes()
    {
        moto.RequireRunning();
        var (topicArn, queueUrl) = await TopicWithQueueAsync("raw", fifo: false, raw: true);
        using var sqs = Sqs();
        var message = """{"schemaVersion":1,"outcome":"CANCELLED","reason":"canary alarm & 50% errors"}""";

        var messageId = await Publisher(moto.SecretAccessKey).PublishAsync(new SnsPublishRequest(topicArn, message, Attributes), Deadline(), TestContext.Current.CancellationToken);

        var received = await ReceiveOneAsync(sqs, queueUrl);
        Assert.False(string.IsNullOrEmpty(messageId));
        Assert.Equal(message, received.Body);
        foreach (var (name, value) in Attributes)
        {
            Assert.Equal(("String", value), (received.MessageAttributes[name].DataType, received.MessageAttributes[name].StringValue));
        }
    }

    [Fact]
    public async Task Publish_WithEnvelopeDelivery_CarriesMessageIdAndAttributesInTheEnvelope()
    {
        moto.RequireRunning();
        var (topicArn, queueUrl) = await TopicWithQueueAsync("envelope", fifo: false, raw: false);
        using var sqs = Sqs();

        var messageId = await Publisher(moto.SecretAccessKey).PublishAsync(new SnsPublishRequest(topicArn, "hello outcome", Attributes), Deadline(), TestContext.Current.CancellationToken);

        using var envelope = JsonDocument.Parse((await ReceiveOneAsync(sqs, queueUrl)).Body);
        var root = envelope.RootElement;
        Assert.Equal(("Notification", messageId, topicArn, "hello outcome"), (root.GetProperty("Type").GetString(), root.GetProperty("MessageId").GetString(), root.GetProperty("TopicArn").GetString(), root.GetProperty("Message").GetString()));
        Assert.Equal("prod-network", root.GetProperty("MessageAttributes").GetProperty("environmentName").GetProperty("Value").GetString());
    }

    [Fact]
    public async Task Publish_ToFifoTopic_CarriesGroupAndDeduplicationIds()
    {
        moto.RequireRunning();
        var (topicArn, queueUrl) = await TopicWithQueueAsync("fifo", fifo: true, raw: true);
        using var sqs = Sqs();

        await Publisher(moto.SecretAccessKey).PublishAsync(
            new SnsPublishRequest(topicArn, "fifo outcome", Attributes, MessageGroupId: "prod-network", MessageDeduplicationId: "rb-2291"),
            Deadline(),
            TestContext.Current.CancellationToken);

        var received = await ReceiveOneAsync(sqs, queueUrl);
        Assert.Equal("fifo outcome", received.Body);
        Assert.Equal("prod-network", received.Attributes["MessageGroupId"]);
        Assert.Equal("rb-2291", received.Attributes["MessageDeduplicationId"]);
    }

    [Fact]
    public async Task Publish_SignedWithAWrongSecret_IsRefusedAndNotRetryable()
    {
        moto.RequireRunning();
        var (topicArn, _) = await TopicWithQueueAsync("denied", fifo: false, raw: true);
        const string wrongSecret = "not-the-secret-0123456789abcdefghijklmn";

        var error = await Assert.ThrowsAsync<SnsException>(
            () => Publisher(wrongSecret).PublishAsync(new SnsPublishRequest(topicArn, "m", []), Deadline(), TestContext.Current.CancellationToken));

        Assert.Equal(("SignatureDoesNotMatch", 403, false), (error.ErrorCode, error.StatusCode, error.IsRetryable));
        Assert.DoesNotContain(wrongSecret, error.ToString(), StringComparison.Ordinal);
    }

    private static DateTimeOffset Deadline() => TimeProvider.System.GetUtcNow().AddSeconds(30);

    /// <summary>Through the public factory, configured as the function is: by environment variables.</summary>
    private ISnsPublisher Publisher(string secret) => AwsClientFactory.CreateSns(
        new DictionaryEnvironmentVariables([
            KeyValuePair.Create(SettingNames.EndpointUrlSns, moto.Endpoint.ToString()),
            KeyValuePair.Create("AWS_ACCESS_KEY_ID", moto.AccessKeyId),
            KeyValuePair.Create("AWS_SECRET_ACCESS_KEY", secret)]),
        MotoServerFixture.Region,
        TimeProvider.System);

    private AmazonSQSClient Sqs() => moto.CreateSqsClient();

    private async Task<(string TopicArn, string QueueUrl)> TopicWithQueueAsync(string name, bool fifo, bool raw)
    {
        var unique = $"{name}-{Guid.NewGuid():N}" + (fifo ? ".fifo" : string.Empty);
        using var sqs = Sqs();
        var queueAttributes = fifo ? new Dictionary<string, string> { ["FifoQueue"] = "true" } : [];
        var queueUrl = (await sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = unique, Attributes = queueAttributes }, TestContext.Current.CancellationToken)).QueueUrl;
        var queueArn = (await sqs.GetQueueAttributesAsync(queueUrl, ["QueueArn"], TestContext.Current.CancellationToken)).QueueARN;

        string[] topicAttributes = fifo ? ["--attributes", "FifoTopic=true,ContentBasedDeduplication=false"] : [];
        var topicArn = (await moto.AwsAsync(["sns", "create-topic", "--name", unique, .. topicAttributes])).GetProperty("TopicArn").GetString()!;
        await moto.AwsAsync("sns", "subscribe", "--topic-arn", topicArn, "--protocol", "sqs", "--notification-endpoint", queueArn, "--attributes", $"RawMessageDelivery={(raw ? "true" : "false")}");
        return (topicArn, queueUrl);
    }

    private static async Task<Message> ReceiveOneAsync(AmazonSQSClient sqs, string queueUrl)
    {
        var response = await sqs.ReceiveMessageAsync(
            new ReceiveMessageRequest
            {
                QueueUrl = queueUrl,
                MaxNumberOfMessages = 10,
                WaitTimeSeconds = 5,
                MessageAttributeNames = ["All"],
                MessageSystemAttributeNames = ["All"],
            },
            TestContext.Current.CancellationToken);
        return Assert.Single(response.Messages ?? []);
    }
}
