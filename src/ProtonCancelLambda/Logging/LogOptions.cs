using ProtonCancelLambda.Configuration;

namespace ProtonCancelLambda.Logging;

/// <summary>How log lines are written: Lambda's AWS_LAMBDA_LOG_FORMAT and AWS_LAMBDA_LOG_LEVEL.</summary>
public sealed record LogOptions(bool Json, LogLevel MinimumLevel)
{
    public static LogOptions Default { get; } = new(Json: false, LogLevel.Info);

    public static LogOptions Read(IEnvironmentVariables environment)
    {
        var format = environment.Get(SettingNames.LogFormat)?.Trim();
        var json = format switch
        {
            null or "" => false,
            _ when format.Equals("JSON", StringComparison.OrdinalIgnoreCase) => true,
            _ when format.Equals("Text", StringComparison.OrdinalIgnoreCase) => false,
            _ => throw new SettingsException(SettingNames.LogFormat, $"'{format}' is not JSON or Text."),
        };

        var level = environment.Get(SettingNames.LogLevel)?.Trim().ToUpperInvariant() switch
        {
            null or "" => LogLevel.Info,
            "TRACE" => LogLevel.Trace,
            "DEBUG" => LogLevel.Debug,
            "INFO" => LogLevel.Info,
            "WARN" => LogLevel.Warn,
            "ERROR" => LogLevel.Error,
            "FATAL" => LogLevel.Fatal,
            var other => throw new SettingsException(SettingNames.LogLevel, $"'{other}' is not one of TRACE, DEBUG, INFO, WARN, ERROR, FATAL."),
        };

        return new LogOptions(json, level);
    }
}
