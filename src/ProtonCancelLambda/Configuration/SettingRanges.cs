namespace ProtonCancelLambda.Configuration;

/// <summary>A numeric setting: its default when unset and the range the reader accepts, both ends included.</summary>
public sealed record NumericSetting(string Name, double Default, double Min, double Max);

/// <summary>
/// The numeric settings' defaults and ranges, written once: <see cref="SettingsReader"/> enforces them,
/// <see cref="FunctionSettings"/> starts from the defaults, and tests hold template.yaml's parameters and the
/// documented settings table to them.
/// </summary>
public static class SettingRanges
{
    // 900 s is the longest delay SQS gives a continuation message: no wait between polls needs more.
    public static NumericSetting PollInitialSeconds { get; } = new(SettingNames.PollInitialSeconds, Default: 0.5, Min: 0.05, Max: 900);

    public static NumericSetting PollMaxSeconds { get; } = new(SettingNames.PollMaxSeconds, Default: 30, Min: 0.05, Max: 900);

    // 900 s is Lambda's longest function timeout; a deployment's own template narrows it to its timeout.
    public static NumericSetting PollWindowSeconds { get; } = new(SettingNames.PollWindowSeconds, Default: 15, Min: 1, Max: 900);

    public static NumericSetting MaxWatchSeconds { get; } = new(SettingNames.MaxWatchSeconds, Default: 3600, Min: 1, Max: 7 * 24 * 3600);

    // Whole seconds: SQS takes DelaySeconds as a whole number, 900 at most.
    public static NumericSetting RepublishDelaySeconds { get; } = new(SettingNames.RepublishDelaySeconds, Default: 30, Min: 1, Max: 900);

    // A whole number.
    public static NumericSetting MaxConcurrency { get; } = new(SettingNames.MaxConcurrency, Default: 10, Min: 1, Max: 100);

    // Whole seconds. At least an hour: a record must outlive the longest pause between two of its writes (a
    // continuation's 900 s delay plus redeliveries). At most a year; SQS keeps a message 14 days at most.
    public static NumericSetting IdempotencyTtlSeconds { get; } = new(SettingNames.IdempotencyTtlSeconds, Default: 24 * 3600, Min: 3600, Max: 366 * 24 * 3600);

    // Calls per second; 0 is unpaced. Fractions are allowed (one call every 1/rate s below one per second).
    public static NumericSetting ProtonGetEnvironmentPerSecond { get; } = new(SettingNames.ProtonGetEnvironmentPerSecond, Default: 0, Min: 0, Max: 1000);

    public static NumericSetting ProtonCancelPerSecond { get; } = new(SettingNames.ProtonCancelPerSecond, Default: 0, Min: 0, Max: 1000);

    public static IReadOnlyList<NumericSetting> All { get; } =
        [PollInitialSeconds, PollMaxSeconds, PollWindowSeconds, MaxWatchSeconds, RepublishDelaySeconds, MaxConcurrency, IdempotencyTtlSeconds, ProtonGetEnvironmentPerSecond, ProtonCancelPerSecond];
}
