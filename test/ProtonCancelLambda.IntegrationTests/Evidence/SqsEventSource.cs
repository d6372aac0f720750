using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;
using ProtonCancelLambda.IntegrationTests.Infrastructure;

namespace ProtonCancelLambda.IntegrationTests.Evidence;

/// <summary>
/// Plays Lambda's SQS event source mapping against a moto queue: receive, invoke with a real SQS event
/// (messageIds, receiptHandles, ApproximateReceiveCount), delete what succeeded, leave the reported failures
/// (and everything of a crashed or errored invocation) to reappear after the visibility timeout. Continuation
/// messages the function sends to the same queue come back the same way. One invocation at a time, as with
/// a reserved concurrency of one.
/// </summary>
public sealed class SqsEventSource : IDisposable
{
    private static readonly TimeSpan BatchingWindow = TimeSpan.FromSeconds(1);

    private readonly AmazonSQSClient _sqs;
    private readonly string _queueArn;

    private SqsEventSource(AmazonSQSClient sqs, string queueUrl, string queueArn)
    {
        _sqs = sqs;
        QueueUrl = queueUrl;
        _queueArn = queueArn;
    }

    public string QueueUrl { get; }

    public SourceStats Stats { get; } = new();

    /// <summary>A new standard queue whose visibility timeout is short, so failed records come back soon.</summary>
    public static async Task<SqsEventSource> CreateAsync(MotoServerFixture moto, string name, int visibilityTimeoutSeconds)
    {
        var sqs = new AmazonSQSClient(
            new BasicAWSCredentials(moto.AccessKeyId, moto.SecretAccessKey),
            new AmazonSQSConfig { ServiceURL = moto.Endpoint.ToString(), AuthenticationRegion = MotoServerFixture.Region });
        var queue = await sqs.CreateQueueAsync(new CreateQueueRequest
        {
            QueueName = $"{name}-{Guid.NewGuid():N}",
            Attributes = new Dictionary<string, string> { ["VisibilityTimeout"] = visibilityTimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        });
        var arn = (await sqs.GetQueueAttributesAsync(queue.QueueUrl, ["QueueArn"])).QueueARN;
        return new SqsEventSource(sqs, queue.QueueUrl, arn);
    }

    public async Task SendAsync(IReadOnlyList<string> bodies)
    {
        for (var start = 0; start < bodies.Count; start += 10)
        {
            var entries = bodies.Skip(start).Take(10).Select((body, i) => new SendMessageBatchRequestEntry($"e{start + i}", body)).ToList();
            var response = await _sqs.SendMessageBatchAsync(new SendMessageBatchRequest(QueueUrl, entries));
            Assert.Empty(response.Failed ?? []);
        }
    }

    /// <summary>
    /// Feeds the queue to the function until <paramref name="isDone"/> holds and the queue is empty (nothing
    /// visible, in flight or delayed), or <paramref name="limit"/> passes. <paramref name="duringInvoke"/>
    /// runs beside each invocation (the kill scenario uses it).
    /// </summary>
    public async Task RunAsync(EvidenceRig rig, PumpOptions options, Func<bool> isDone, TimeSpan limit, Func<Task, Task>? duringInvoke = null)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            var messages = await ReceiveBatchAsync(options.BatchSize);
            if (messages.Count == 0)
            {
                if (isDone() && await IsEmptyAsync())
                {
                    return;
                }

                continue;
            }

            Stats.Observe(messages);
            var invocation = rig.InvokeAsync(ToEvent(messages), options.InvocationTimeout);
            var beside = duringInvoke?.Invoke(invocation) ?? Task.CompletedTask;
            var finished = await Task.WhenAny(invocation, rig.Host.Exited, Task.Delay(options.InvocationTimeout + TimeSpan.FromSeconds(10)));
            await beside;
            if (finished != invocation)
            {
                // The process died (or hung past its deadline): nothing is deleted, SQS redelivers it all.
                Stats.Crashes++;
                await rig.RestartAsync();
                continue;
            }

            await CompleteAsync(messages, await invocation);
        }
    }

    public void Dispose() => _sqs.Dispose();

    private async Task CompleteAsync(List<Message> messages, Local.RuntimeEmulator.InvocationResult result)
    {
        Stats.Invocations++;
        if (result.IsError)
        {
            Stats.InvocationErrors++;
            return;
        }

        var failed = JsonNode.Parse(result.BodyText)?["batchItemFailures"]?.AsArray()
            .Select(item => item?["itemIdentifier"]?.GetValue<string>())
            .ToHashSet() ?? [];
        Stats.BatchItemFailures += failed.Count;
        var done = messages.Where(m => !failed.Contains(m.MessageId)).ToList();
        for (var start = 0; start < done.Count; start += 10)
        {
            var entries = done.Skip(start).Take(10).Select((m, i) => new DeleteMessageBatchRequestEntry($"d{i}", m.ReceiptHandle)).ToList();
            await _sqs.DeleteMessageBatchAsync(new DeleteMessageBatchRequest(QueueUrl, entries));
        }
    }

    /// <summary>
    /// Up to <paramref name="size"/> messages, gathered over several receives within a 1 s batching window, as
    /// the mapping's batching does. The window must stay below the 2 s visibility timeout (AWS asks for the
    /// timeout to cover the window): a longer gathering got the same message twice in one batch.
    /// </summary>
    private async Task<List<Message>> ReceiveBatchAsync(int size)
    {
        var batch = new List<Message>();
        var window = Stopwatch.StartNew();
        for (var round = 0; batch.Count < size && round < (size / 10) + 1 && window.Elapsed < BatchingWindow; round++)
        {
            var response = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest
            {
                QueueUrl = QueueUrl,
                MaxNumberOfMessages = Math.Min(10, size - batch.Count),
                WaitTimeSeconds = batch.Count == 0 ? 1 : 0,
                MessageSystemAttributeNames = ["All"],
                MessageAttributeNames = ["All"],
            });
            var received = response.Messages ?? [];
            var fresh = received.Where(m => batch.TrueForAll(b => b.MessageId != m.MessageId)).ToList();
            batch.AddRange(fresh);
            if (round == 0)
            {
                // The window opens with the first message, not with the first (long-polling) receive.
                window.Restart();
            }

            if (received.Count == 0)
            {
                break;
            }
        }

        return batch;
    }

    private async Task<bool> IsEmptyAsync()
    {
        string[] names = ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible", "ApproximateNumberOfMessagesDelayed"];
        var attributes = (await _sqs.GetQueueAttributesAsync(QueueUrl, [.. names])).Attributes ?? [];
        return names.All(name => attributes.GetValueOrDefault(name, "0") == "0");
    }

    private string ToEvent(IEnumerable<Message> messages) => SqsEvents.Batch(messages.Select(m =>
    {
        var record = SqsEvents.Record(m.MessageId, m.Body, _queueArn);
        var attributes = record["attributes"]!.AsObject();
        foreach (var (key, value) in m.Attributes ?? [])
        {
            attributes[key] = value;
        }

        record["receiptHandle"] = m.ReceiptHandle;
        record["md5OfBody"] = m.MD5OfBody;
        return record;
    }).ToArray());
}

public sealed record PumpOptions(int BatchSize, TimeSpan InvocationTimeout);

/// <summary>What the event source saw: deliveries per request, continuations, crashes, failures.</summary>
public sealed class SourceStats
{
    private readonly Dictionary<string, int> _deliveries = new(StringComparer.Ordinal);

    public int Invocations { get; set; }

    public int InvocationErrors { get; set; }

    public int BatchItemFailures { get; set; }

    public int Crashes { get; set; }

    public int Continuations { get; private set; }

    /// <summary>Deliveries of a request's own message (not its continuations), by requestId.</summary>
    public int DeliveriesOf(string requestId) => _deliveries.GetValueOrDefault(requestId);

    public void Observe(IEnumerable<Message> messages)
    {
        foreach (var message in messages)
        {
            using var body = JsonDocument.Parse(message.Body);
            if (body.RootElement.TryGetProperty("watch", out _))
            {
                Continuations++;
            }
            else if (body.RootElement.TryGetProperty("requestId", out var id) && id.GetString() is { } requestId)
            {
                _deliveries[requestId] = DeliveriesOf(requestId) + 1;
            }
        }
    }
}
