using Amazon.Runtime;
using Amazon.SQS;

namespace ProtonCancelLambda.Bench;

/// <summary>The request queue on moto_server, and the function variables that hand continuations over to it.</summary>
internal sealed class MotoRequestQueue(MotoServerProcess moto, AmazonSQSClient sqs, string queueUrl) : IDisposable
{
    public IReadOnlyDictionary<string, string> Variables { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["REQUEST_QUEUE_URL"] = queueUrl,
        ["AWS_ENDPOINT_URL_SQS"] = moto.Endpoint.ToString(),
    };

    public static async Task<MotoRequestQueue> StartAsync()
    {
        var moto = await MotoServerProcess.StartAsync();
        var sqs = new AmazonSQSClient(new BasicAWSCredentials("test", "test"), new AmazonSQSConfig { ServiceURL = moto.Endpoint.ToString(), AuthenticationRegion = "us-east-1" });
        var queueUrl = (await sqs.CreateQueueAsync("proton-cancel-requests")).QueueUrl;
        return new MotoRequestQueue(moto, sqs, queueUrl);
    }

    /// <summary>Messages on the queue, visible or still delayed.</summary>
    public async Task<int> QueuedAsync(CancellationToken cancellationToken)
    {
        var attributes = await sqs.GetQueueAttributesAsync(queueUrl, ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesDelayed"], cancellationToken);
        return attributes.ApproximateNumberOfMessages + attributes.ApproximateNumberOfMessagesDelayed;
    }

    public void Dispose()
    {
        sqs.Dispose();
        moto.Dispose();
    }
}
