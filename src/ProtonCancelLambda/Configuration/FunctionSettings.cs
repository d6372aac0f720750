namespace ProtonCancelLambda.Configuration;

/// <summary>The function's settings, read once at init and validated.</summary>
public sealed record FunctionSettings
{
    public required string OutcomeTopicArn { get; init; }

    public Uri? RequestQueueUrl { get; init; }

    public TimeSpan PollInitial { get; init; } = TimeSpan.FromSeconds(SettingRanges.PollInitialSeconds.Default);

    public TimeSpan PollMax { get; init; } = TimeSpan.FromSeconds(SettingRanges.PollMaxSeconds.Default);

    public TimeSpan PollWindow { get; init; } = TimeSpan.FromSeconds(SettingRanges.PollWindowSeconds.Default);

    public TimeSpan MaxWatch { get; init; } = TimeSpan.FromSeconds(SettingRanges.MaxWatchSeconds.Default);

    /// <summary>How long after SNS could not take an outcome a continuation publishes it again.</summary>
    public TimeSpan RepublishDelay { get; init; } = TimeSpan.FromSeconds(SettingRanges.RepublishDelaySeconds.Default);

    public int MaxConcurrency { get; init; } = (int)SettingRanges.MaxConcurrency.Default;

    public required string Region { get; init; }

    /// <summary>The idempotency table's name or ARN; null runs without one (at-least-once).</summary>
    public string? IdempotencyTableName { get; init; }

    public TimeSpan IdempotencyTtl { get; init; } = TimeSpan.FromSeconds(SettingRanges.IdempotencyTtlSeconds.Default);

    /// <summary>GetEnvironment calls per second for the whole function; 0 is unpaced.</summary>
    public double ProtonGetEnvironmentPerSecond { get; init; } = SettingRanges.ProtonGetEnvironmentPerSecond.Default;

    /// <summary>CancelEnvironmentDeployment calls per second for the whole function; 0 is unpaced.</summary>
    public double ProtonCancelPerSecond { get; init; } = SettingRanges.ProtonCancelPerSecond.Default;

    /// <summary>The <c>Service</c> dimension of every metric; Powertools' value when the setting is absent.</summary>
    public string ServiceName { get; init; } = DefaultServiceName;

    public const string DefaultServiceName = "service_undefined";
}
