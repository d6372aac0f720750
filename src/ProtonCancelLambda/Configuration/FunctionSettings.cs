namespace ProtonCancelLambda.Configuration;

/// <summary>The function's settings, read once at init and validated.</summary>
public sealed record FunctionSettings
{
    public required string OutcomeTopicArn { get; init; }

    public Uri? RequestQueueUrl { get; init; }

    public TimeSpan PollInitial { get; init; } = TimeSpan.FromSeconds(0.5);

    public TimeSpan PollMax { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan PollWindow { get; init; } = TimeSpan.FromSeconds(15);

    public TimeSpan MaxWatch { get; init; } = TimeSpan.FromHours(1);

    public int MaxConcurrency { get; init; } = 10;

    public required string Region { get; init; }

    /// <summary>The idempotency table's name or ARN; null runs without one (at-least-once).</summary>
    public string? IdempotencyTableName { get; init; }

    public TimeSpan IdempotencyTtl { get; init; } = TimeSpan.FromDays(1);

    public bool IsFifoTopic => Aws.Fifo.Names(OutcomeTopicArn);
}
