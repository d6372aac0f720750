namespace ProtonCancelLambda.Requests;

/// <summary>A validated cancel request (message schema v1), without the watch a continuation carries beside it.</summary>
public sealed record CancelRequest
{
    public required string EnvironmentName { get; init; }

    /// <summary>The producer's id, or the SQS messageId / EventBridge event id when it gave none.</summary>
    public required string RequestId { get; init; }

    public string? ExpectedDeploymentId { get; init; }

    public string? Reason { get; init; }

    public string? CorrelationId { get; init; }

    /// <summary>When the producer says it made the request (schema v1, optional); <see cref="Delivery.RequestedAt"/> is the time that counts.</summary>
    public DateTimeOffset? RequestedAt { get; init; }
}

/// <summary>
/// Where an earlier invocation left the watch of a settling deployment. <see cref="Source"/> and
/// <see cref="RequestedAt"/> are optional: they keep the original request's source and time in the outcome.
/// <see cref="Token"/> (with an idempotency table) names the continuation message that owns the request.
/// </summary>
public sealed record WatchState(DateTimeOffset Since, int PollCount, string? DeploymentId, string? Source = null, DateTimeOffset? RequestedAt = null, string? Token = null);
