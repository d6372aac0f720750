namespace ProtonCancelLambda.Aws.Sqs;

/// <summary>SQS SendMessage. Transient faults are retried inside until <c>deadline</c>.</summary>
public interface ISqsSender
{
    /// <returns>The SQS MessageId.</returns>
    Task<string> SendMessageAsync(SqsSendMessageRequest request, DateTimeOffset deadline, CancellationToken cancellationToken);
}

/// <summary>One SendMessage call: a delay for standard queues, the group and deduplication ids for FIFO ones.</summary>
public sealed record SqsSendMessageRequest(
    string QueueUrl,
    string MessageBody,
    int? DelaySeconds = null,
    string? MessageGroupId = null,
    string? MessageDeduplicationId = null);
