namespace ProtonCancelLambda.Aws.Sns;

/// <summary>SNS Publish. Transient faults are retried inside until <paramref name="deadline"/>.</summary>
public interface ISnsPublisher
{
    /// <returns>The SNS MessageId.</returns>
    Task<string> PublishAsync(SnsPublishRequest request, DateTimeOffset deadline, CancellationToken cancellationToken);
}

/// <summary>One Publish call: String message attributes only, FIFO ids when the topic is FIFO.</summary>
public sealed record SnsPublishRequest(
    string TopicArn,
    string Message,
    IReadOnlyList<KeyValuePair<string, string>> StringAttributes,
    string? MessageGroupId = null,
    string? MessageDeduplicationId = null);
