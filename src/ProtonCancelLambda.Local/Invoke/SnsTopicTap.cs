using System.Xml.Linq;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using Amazon.SQS;
using Amazon.SQS.Model;
using ProtonCancelLambda.Local.Sns;

namespace ProtonCancelLambda.Local.Invoke;

/// <summary>
/// For <c>invoke --sns-endpoint URL</c> (moto or another SNS-compatible endpoint): creates the outcome topic
/// and an SQS queue subscribed to it with raw delivery, so the notifications the function published there can
/// be read back and printed, exactly as a subscriber would receive them.
/// </summary>
internal sealed class SnsTopicTap : IDisposable
{
    private static readonly XNamespace SnsNs = SnsXml.Namespace;
    private readonly AmazonSQSClient _sqs;
    private readonly string _queueUrl;

    private SnsTopicTap(AmazonSQSClient sqs, string topicArn, string queueUrl)
    {
        _sqs = sqs;
        TopicArn = topicArn;
        _queueUrl = queueUrl;
    }

    public string TopicArn { get; }

    public static async Task<SnsTopicTap> CreateAsync(Uri endpoint, string topicName, CancellationToken cancellationToken)
    {
        var (accessKeyId, secretAccessKey) = FunctionEnvironment.Credentials;
        var credentials = new BasicAWSCredentials(accessKeyId, secretAccessKey);
        using var sns = new HttpClient(new SigV4SigningHandler(credentials, RegionEndpoint.USEast1, "sns", new HttpClientHandler { AllowAutoRedirect = false }));
        var fifo = topicName.EndsWith(".fifo", StringComparison.Ordinal);
        var topicForm = new List<KeyValuePair<string, string>> { new("Action", "CreateTopic"), new("Version", "2010-03-31"), new("Name", topicName) };
        if (fifo)
        {
            topicForm.Add(new("Attributes.entry.1.key", "FifoTopic"));
            topicForm.Add(new("Attributes.entry.1.value", "true"));
        }

        var topicArn = (await QueryAsync(sns, endpoint, topicForm, cancellationToken).ConfigureAwait(false)).Descendants(SnsNs + "TopicArn").Single().Value;

        var sqs = new AmazonSQSClient(credentials, new AmazonSQSConfig { ServiceURL = endpoint.ToString(), AuthenticationRegion = "us-east-1" });
        var queueName = $"invoke-tap-{Guid.NewGuid():N}" + (fifo ? ".fifo" : string.Empty);
        var attributes = fifo ? new Dictionary<string, string> { ["FifoQueue"] = "true", ["ContentBasedDeduplication"] = "true" } : [];
        var queueUrl = (await sqs.CreateQueueAsync(new CreateQueueRequest(queueName) { Attributes = attributes }, cancellationToken).ConfigureAwait(false)).QueueUrl;
        var queueArn = (await sqs.GetQueueAttributesAsync(queueUrl, ["QueueArn"], cancellationToken).ConfigureAwait(false)).QueueARN;
        await QueryAsync(
            sns,
            endpoint,
            [
                new("Action", "Subscribe"), new("Version", "2010-03-31"), new("TopicArn", topicArn), new("Protocol", "sqs"), new("Endpoint", queueArn),
                new("Attributes.entry.1.key", "RawMessageDelivery"), new("Attributes.entry.1.value", "true"),
            ],
            cancellationToken).ConfigureAwait(false);
        return new SnsTopicTap(sqs, topicArn, queueUrl);
    }

    /// <summary>Every message delivered so far, in arrival order; stops at the first empty receive.</summary>
    public async Task<IReadOnlyList<string>> DrainAsync(CancellationToken cancellationToken)
    {
        var messages = new List<string>();
        while (true)
        {
            var received = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest(_queueUrl) { MaxNumberOfMessages = 10, WaitTimeSeconds = 1 }, cancellationToken).ConfigureAwait(false);
            if (received.Messages is not { Count: > 0 })
            {
                return messages;
            }

            foreach (var message in received.Messages)
            {
                messages.Add(message.Body);
                await _sqs.DeleteMessageAsync(_queueUrl, message.ReceiptHandle, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public void Dispose() => _sqs.Dispose();

    private static async Task<XDocument> QueryAsync(HttpClient client, Uri endpoint, IEnumerable<KeyValuePair<string, string>> form, CancellationToken cancellationToken)
    {
        using var content = new FormUrlEncodedContent(form);
        using var response = await client.PostAsync(endpoint, content, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"SNS at {endpoint} answered {(int)response.StatusCode}: {body}");
        }

        return XDocument.Parse(body);
    }
}
