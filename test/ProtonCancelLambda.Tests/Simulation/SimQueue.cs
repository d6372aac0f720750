using System.Globalization;
using ProtonCancelLambda.Aws.Sqs;

namespace ProtonCancelLambda.Tests.Simulation;

/// <summary>Where the queue's rules come from: template.yaml's RequestQueue and function.</summary>
internal sealed record QueueRules(TimeSpan VisibilityTimeout, int MaxReceiveCount, TimeSpan FunctionTimeout);

/// <summary>
/// The request queue as a standard SQS queue with its event source mapping: a message is delivered once it is
/// visible (after its DelaySeconds, or a visibility timeout after its last receive), a little late or much
/// later; a receive hides it for the visibility timeout and counts it; now and then a message is received twice
/// at once; past maxReceiveCount a receive moves it to the dead-letter queue instead. One record per batch.
/// The invocation's response decides what is deleted: everything not in batchItemFailures. A delete with an
/// out-of-date receipt handle (the message was received again meanwhile) may not delete it, as SQS warns.
/// </summary>
internal sealed class SimQueue(SimScheduler scheduler, SimCalls calls, FaultRates faults, QueueRules rules, Action<SimMessage, string> deliver) : ISqsSender
{
    private int _sent;

    public List<SimMessage> Messages { get; } = [];

    public List<SimMessage> DeadLetters { get; } = [];

    /// <summary>Called with each message the function sends, once it is in the queue.</summary>
    public Action<SimMessage>? Sent { get; set; }

    public Task<string> SendMessageAsync(SqsSendMessageRequest request, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        if (request.MessageGroupId is not null)
        {
            throw new NotSupportedException("The simulated request queue is a standard queue, as template.yaml's.");
        }

        var sender = scheduler.Current;
        return calls.Call("SQS SendMessage", faults, deadline, cancellationToken, () => Send(request.MessageBody, request.DelaySeconds ?? 0, sender).Id, (code, message) => new SqsException(code, message, 500, isRetryable: true));
    }

    /// <summary>Puts a message in the queue: from a producer (<paramref name="sender"/> null) or from the function.</summary>
    public SimMessage Send(string body, int delaySeconds, SimInvocation? sender)
    {
        var fromFunction = sender is not null;
        var message = new SimMessage(string.Create(CultureInfo.InvariantCulture, $"m{++_sent}"), body, scheduler.Now) { Sender = sender };
        Messages.Add(message);
        scheduler.Note($"{message.Id} sent{(fromFunction ? " by the function" : " by the producer")}, delay {delaySeconds} s: {body}");
        if (fromFunction)
        {
            Sent?.Invoke(message);
        }

        BecomesVisible(message, scheduler.Now + TimeSpan.FromSeconds(delaySeconds));
        return message;
    }

    public void Delete(SimMessage message, string receiptHandle)
    {
        if (message.Deleted)
        {
            return;
        }

        if (receiptHandle == message.ReceiptHandle || scheduler.Choices.Chance(500))
        {
            message.Deleted = true;
            scheduler.Note($"{message.Id} deleted");
        }
        else
        {
            scheduler.Note($"{message.Id} not deleted: its receipt handle is out of date");
        }
    }

    private void BecomesVisible(SimMessage message, DateTimeOffset at)
    {
        message.VisibleFrom = at;
        var choices = scheduler.Choices;
        var lag = choices.Chance(50) ? choices.Seconds(5, 60) : choices.Milliseconds(0, 1000);
        scheduler.At(at + lag, string.Empty, () => Receive(message, duplicate: false));
    }

    private void Receive(SimMessage message, bool duplicate)
    {
        if (message.Deleted || message.DeadLettered || (!duplicate && scheduler.Now < message.VisibleFrom))
        {
            return;
        }

        if (message.ReceiveCount >= rules.MaxReceiveCount)
        {
            message.DeadLettered = true;
            DeadLetters.Add(message);
            scheduler.Note($"{message.Id} moved to the dead-letter queue after {message.ReceiveCount} receives (its alarm fires)");
            return;
        }

        message.ReceiveCount++;
        scheduler.Note($"{message.Id} received{(duplicate ? " again at once (a duplicate)" : string.Empty)}");
        message.ReceiptHandle = string.Create(CultureInfo.InvariantCulture, $"{message.Id}-r{message.ReceiveCount}");
        message.FirstReceivedAt ??= scheduler.Now;
        BecomesVisible(message, scheduler.Now + rules.VisibilityTimeout);
        if (!duplicate && scheduler.Choices.Chance(30))
        {
            scheduler.At(scheduler.Now + scheduler.Choices.Milliseconds(0, 2000), string.Empty, () => Receive(message, duplicate: true));
        }

        deliver(message, message.ReceiptHandle);
    }
}

internal sealed class SimMessage(string id, string body, DateTimeOffset sentAt)
{
    public string Id { get; } = id;

    public string Body { get; } = body;

    public DateTimeOffset SentAt { get; } = sentAt;

    public DateTimeOffset VisibleFrom { get; set; }

    public DateTimeOffset? FirstReceivedAt { get; set; }

    public int ReceiveCount { get; set; }

    public string? ReceiptHandle { get; set; }

    /// <summary>The invocation that sent it (a continuation); null for a producer's message.</summary>
    public SimInvocation? Sender { get; init; }

    public bool Deleted { get; set; }

    public bool DeadLettered { get; set; }
}
