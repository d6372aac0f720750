using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using ProtonCancelLambda.Configuration;
using ProtonCancelLambda.Logging;

namespace ProtonCancelLambda.Tests.Logging;

public class LambdaLoggerTests
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 11, 24, 10, 0, 0, 123, TimeSpan.Zero));

    [Fact]
    public void Json_WritesLambdaFieldsAndTemplateValues()
    {
        var output = new StringWriter();
        var logger = new LambdaLogger(output, new LogOptions(Json: true, LogLevel.Info), Clock);
        logger.BeginInvocation("req-1");

        logger.Info("Cancelled {EnvironmentName} after {PollCount} polls", "prod-network", 9);

        using var line = JsonDocument.Parse(output.ToString());
        var root = line.RootElement;
        Assert.Equal("2026-11-24T10:00:00.123Z", root.GetProperty("timestamp").GetString());
        Assert.Equal("INFO", root.GetProperty("level").GetString());
        Assert.Equal("req-1", root.GetProperty("requestId").GetString());
        Assert.Equal("Cancelled prod-network after 9 polls", root.GetProperty("message").GetString());
        Assert.Equal("prod-network", root.GetProperty("environmentName").GetString());
        Assert.Equal(9, root.GetProperty("pollCount").GetInt32());
    }

    [Fact]
    public void Json_WithException_AddsErrorFields()
    {
        var output = new StringWriter();
        var logger = new LambdaLogger(output, new LogOptions(Json: true, LogLevel.Info), Clock);

        logger.Error(new InvalidOperationException("boom"), "Failed {Thing}", "x");

        using var line = JsonDocument.Parse(output.ToString());
        Assert.Equal("ERROR", line.RootElement.GetProperty("level").GetString());
        Assert.Equal("InvalidOperationException", line.RootElement.GetProperty("errorType").GetString());
        Assert.Equal("boom", line.RootElement.GetProperty("errorMessage").GetString());
    }

    [Fact]
    public void BelowMinimumLevel_WritesNothing()
    {
        var output = new StringWriter();
        var logger = new LambdaLogger(output, new LogOptions(Json: true, LogLevel.Warn), Clock);

        logger.Info("quiet");
        logger.Debug("quieter");

        Assert.Equal(string.Empty, output.ToString());
    }

    [Fact]
    public void Text_WritesOneTabSeparatedLine()
    {
        var output = new StringWriter();
        var logger = new LambdaLogger(output, LogOptions.Default, Clock);
        logger.BeginInvocation("req-2");

        logger.Warn("Rejected {RequestId}: {Problem}", "r-1", "environmentName is required");

        Assert.Equal("2026-11-24T10:00:00.123Z\tWARN\treq-2\tRejected r-1: environmentName is required" + Environment.NewLine, output.ToString());
    }

    [Theory]
    [InlineData("JSON", "debug", true, LogLevel.Debug)]
    [InlineData("json", "WARN", true, LogLevel.Warn)]
    [InlineData("Text", "", false, LogLevel.Info)]
    [InlineData("", "TRACE", false, LogLevel.Trace)]
    public void Options_ReadLambdaAdvancedLoggingControls(string format, string level, bool json, LogLevel expected)
    {
        var options = LogOptions.Read(new DictionaryEnvironmentVariables(new Dictionary<string, string>
        {
            ["AWS_LAMBDA_LOG_FORMAT"] = format,
            ["AWS_LAMBDA_LOG_LEVEL"] = level,
        }));

        Assert.Equal(json, options.Json);
        Assert.Equal(expected, options.MinimumLevel);
    }

    [Theory]
    [InlineData("AWS_LAMBDA_LOG_FORMAT", "XML")]
    [InlineData("AWS_LAMBDA_LOG_LEVEL", "LOUD")]
    public void Options_WithUnknownValue_NameTheSetting(string name, string value)
    {
        var exception = Assert.Throws<SettingsException>(() => LogOptions.Read(new DictionaryEnvironmentVariables(new Dictionary<string, string> { [name] = value })));

        Assert.Equal(name, exception.SettingName);
    }
}
