using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.SQS;
using Amazon.SQS.Model;
using ProtonCancelLambda.IntegrationTests.Infrastructure;
using ProtonCancelLambda.Local.EventSource;
using ProtonCancelLambda.Local.Rig;
using ProtonCancelLambda.Local.RuntimeEmulator;

namespace ProtonCancelLambda.IntegrationTests.Evidence;

/// <summary>
/// Plays Lambda's SQS event source mapping against a moto queue: receive, invoke with a real SQS event
/// (messageIds, receiptHandles, ApproximateReceiveCount) and a trace header, delete what succeeded, leave the
/// reported failures (and everything of a crashed, errored or timed-out invocation) to reappear after the
/// visibility timeout. The rules come from template.yaml: after <c>maxReceiveCount</c> receives moto moves a
/// message to the dead-letter queue, and Lambda's recursive loop detection stops a chain of continuations (sent
/// to the same queue) after 16 invocations unless the function says <c>RecursiveLoop: Allow</c>. One invocation
/// at a time, as with a reserved concurrency of one.
/// </summary>
public sealed class SqsEventSource : IDisposable
{
    private static readonly TimeSpan BatchingWindow = TimeSpan.FromSeconds(1);

    private const string TraceAttribute = "AWSTraceHeader";

    private readonly AmazonSQSClient _sqs;
    private readonly string _queueArn;
    private readonly LoopDetection _loops;

    private SqsEventSource(AmazonSQSClient sqs, string queueUrl, string queueArn, string deadLetterQueueUrl, LoopDetection loops)
    {
        _sqs = sqs;
        QueueUrl = queueUrl;
        _queueArn = queueArn;
        DeadLetterQueueUrl = deadLetterQueueUrl;
        _loops = loops;
    }

    public string QueueUrl { get; }

    public string DeadLetterQueueUrl { get; }

    public SourceStats Stats { get; } = new();

    /// <summary>
    /// A new standard queue whose visibility timeout is short, so failed records come back soon, with the
    /// template's loop detection (or <paramref name="rules"/>). With <paramref name="redrive"/> a record moves to
    /// the dead-letter queue after the template's maxReceiveCount receives. Off by default: the short visibility
    /// timeout compresses time, so five receives here span seconds where the template's span 35 minutes, longer
    /// than any lease or outage a scenario plays.
    /// </summary>
    public static async Task<SqsEventSource> CreateAsync(MotoServerFixture moto, string name, int visibilityTimeoutSeconds, TemplateRules? rules = null, bool redrive = false)
    {
        rules ??= TemplateRules.FromRepository(RepoFiles.Root);
        var sqs = moto.CreateSqsClient();
        var unique = $"{name}-{Guid.NewGuid():N}";
        var deadLetters = await sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = unique + "-dlq" });
        var deadLetterArn = (await sqs.GetQueueAttributesAsync(deadLetters.QueueUrl, ["QueueArn"])).QueueARN;
        var redrivePolicy = new JsonObject { ["deadLetterTargetArn"] = deadLetterArn, ["maxReceiveCount"] = rules.MaxReceiveCount }.ToJsonString();
        var attributes = new Dictionary<string, string> { ["VisibilityTimeout"] = visibilityTimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        if (redrive)
        {
            attributes["RedrivePolicy"] = redrivePolicy;
        }

        var queue = await sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = unique, Attributes = attributes });
        var arn = (await sqs.GetQueueAttributesAsync(queue.QueueUrl, ["QueueArn"])).QueueARN;
        var loops = new LoopDetection(new InvocationRequest([]).FunctionArn, rules.AllowsRecursion);
        return new SqsEventSource(sqs, queue.QueueUrl, arn, deadLetters.QueueUrl, loops);
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
    public async Task RunAsync(LocalRig rig, PumpOptions options, Func<bool> isDone, TimeSpan limit, Func<Task, Task>? duringInvoke = null)
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

            messages = await StopLoopsAsync(messages);
            if (messages.Count == 0)
            {
                continue;
            }

            Stats.Observe(messages);
            var traces = messages.Select(m => m.Attributes?.GetValueOrDefault(TraceAttribute)).ToList();
            Stats.LongestChain = Math.Max(Stats.LongestChain, traces.Max(_loops.InvocationsIn) + 1);
            var invocation = rig.InvokeAsync(Encoding.UTF8.GetBytes(ToEvent(messages)), options.InvocationTimeout, _loops.TraceFor(traces));
            var beside = duringInvoke?.Invoke(invocation) ?? Task.CompletedTask;
            var finished = await Task.WhenAny(invocation, rig.Host.Exited, Task.Delay(options.InvocationTimeout + TimeSpan.FromSeconds(10)));
            await beside;
            if (finished != invocation)
            {
                // The process died: nothing is deleted, SQS redelivers it all.
                Stats.Crashes++;
                await rig.RestartFunctionAsync();
                continue;
            }

            var result = await invocation;
            if (result.TimedOut)
            {
                // Lambda stopped the function at its deadline: the batch comes back whole, to a new process.
                Stats.Timeouts++;
                await rig.RestartFunctionAsync();
                continue;
            }

            await CompleteAsync(messages, result);
        }
    }

    /// <summary>The bodies in the dead-letter queue (received, then left to become visible again).</summary>
    public async Task<IReadOnlyList<string>> DeadLetteredAsync()
    {
        var bodies = new Dictionary<string, string>(StringComparer.Ordinal);
        while (true)
        {
            var response = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = DeadLetterQueueUrl, MaxNumberOfMessages = 10, VisibilityTimeout = 30, WaitTimeSeconds = 0 });
            var fresh = (response.Messages ?? []).Where(m => bodies.TryAdd(m.MessageId, m.Body)).ToList();
            if (fresh.Count == 0)
            {
                return [.. bodies.Values];
            }
        }
    }

    /// <summary>What Lambda's loop detection does with a message whose chain is too long: DLQ, not the function.</summary>
    private async Task<List<Message>> StopLoopsAsync(List<Message> messages)
    {
        var stopped = messages.Where(m => _loops.Stops(m.Attributes?.GetValueOrDefault(TraceAttribute))).ToList();
        foreach (var message in stopped)
        {
            await _sqs.SendMessageAsync(new SendMessageRequest(DeadLetterQueueUrl, message.Body));
            await _sqs.DeleteMessageAsync(QueueUrl, message.ReceiptHandle);
            Stats.LoopsStopped++;
        }

        return [.. messages.Except(stopped)];
    }

    public void Dispose() => _sqs.Dispose();

    private async Task CompleteAsync(List<Message> messages, InvocationResult result)
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

    private string ToEvent(IEnumerable<Message> messages) => SqsEvents.Batch([.. messages.Select(m => SqsEvents.Received(m, _queueArn))]);
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

    /// <summary>Invocations Lambda stopped at their deadline.</summary>
    public int Timeouts { get; set; }

    /// <summary>Messages Lambda's loop detection sent to the dead-letter queue instead of invoking.</summary>
    public int LoopsStopped { get; set; }

    /// <summary>The most invocations one chain (request, then its continuations) reached.</summary>
    public int LongestChain { get; set; }

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
