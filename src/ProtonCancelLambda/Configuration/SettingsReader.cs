using System.Globalization;
using System.Text.RegularExpressions;

namespace ProtonCancelLambda.Configuration;

/// <summary>Turns the environment into one validated <see cref="FunctionSettings"/>, naming any bad setting.</summary>
public static partial class SettingsReader
{
    public static FunctionSettings Read(IEnvironmentVariables environment)
    {
        var topicArn = Required(environment, SettingNames.OutcomeTopicArn);
        if (!TopicArnPattern().IsMatch(topicArn))
        {
            throw new SettingsException(
                SettingNames.OutcomeTopicArn,
                $"'{topicArn}' is not an SNS topic ARN (arn:aws:sns:REGION:ACCOUNT:NAME).");
        }

        var region = environment.Get(SettingNames.AwsRegion) is { Length: > 0 } r
            ? r
            : environment.Get(SettingNames.AwsDefaultRegion);
        if (string.IsNullOrWhiteSpace(region))
        {
            throw new SettingsException(SettingNames.AwsRegion, "is required (Lambda sets it; set it yourself when running locally).");
        }

        RefuseEndpointVariant(environment, SettingNames.UseFipsEndpoint, "FIPS");
        RefuseEndpointVariant(environment, SettingNames.UseDualStackEndpoint, "dual-stack");
        var defaults = new FunctionSettings { OutcomeTopicArn = topicArn, Region = region };
        var pollInitial = Seconds(environment, SettingRanges.PollInitialSeconds);
        var pollMax = Seconds(environment, SettingRanges.PollMaxSeconds);
        if (pollMax < pollInitial)
        {
            throw new SettingsException(
                SettingNames.PollMaxSeconds,
                $"must be at least {SettingNames.PollInitialSeconds} ({pollInitial.TotalSeconds.ToString(CultureInfo.InvariantCulture)}).");
        }

        var tableName = OptionalTableName(environment);
        var getRate = Rate(environment, SettingRanges.ProtonGetEnvironmentPerSecond, tableName);
        var cancelRate = Rate(environment, SettingRanges.ProtonCancelPerSecond, tableName);
        return defaults with
        {
            RequestQueueUrl = OptionalUrl(environment, SettingNames.RequestQueueUrl),
            PollInitial = pollInitial,
            PollMax = pollMax,
            PollWindow = Seconds(environment, SettingRanges.PollWindowSeconds),
            MaxWatch = Seconds(environment, SettingRanges.MaxWatchSeconds),
            RepublishDelay = TimeSpan.FromSeconds(Integer(environment, SettingRanges.RepublishDelaySeconds)),
            MaxConcurrency = Integer(environment, SettingRanges.MaxConcurrency),
            IdempotencyTableName = tableName,
            IdempotencyTtl = TimeSpan.FromSeconds(Integer(environment, SettingRanges.IdempotencyTtlSeconds)),
            ServiceName = ReadServiceName(environment),
            ProtonGetEnvironmentPerSecond = getRate,
            ProtonCancelPerSecond = cancelRate,
        };
    }

    /// <summary>
    /// The SDKs read these as true or false. A function asked for FIPS or dual-stack endpoints that went on
    /// calling the standard ones would break a compliance rule silently, so true is refused, naming the setting.
    /// </summary>
    private static void RefuseEndpointVariant(IEnvironmentVariables environment, string name, string variant)
    {
        switch (environment.Get(name)?.Trim().ToUpperInvariant())
        {
            case null or "" or "FALSE":
                return;
            case "TRUE":
                throw new SettingsException(
                    name,
                    $"is true, but this function does not resolve {variant} endpoints (docs/DESIGN-DECISIONS.md). Unset it, or point AWS_ENDPOINT_URL_PROTON, _SNS, _SQS and _DYNAMODB at the endpoints you need.");
            default:
                throw new SettingsException(name, $"'{environment.Get(name)}' is not true or false.");
        }
    }

    private static string Required(IEnvironmentVariables environment, string name)
    {
        var value = environment.Get(name);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new SettingsException(name, "is required but not set.");
        }

        return value.Trim();
    }

    private static Uri? OptionalUrl(IEnvironmentVariables environment, string name)
    {
        var value = environment.Get(name);
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new SettingsException(name, $"'{value}' is not an absolute http(s) URL.");
        }

        return uri;
    }

    private static TimeSpan Seconds(IEnvironmentVariables environment, NumericSetting setting) =>
        Seconds(environment, setting.Name, TimeSpan.FromSeconds(setting.Default), setting.Min, setting.Max);

    /// <summary>A rate of calls per second. The fleet shares its turns through the table, so a rate needs one.</summary>
    private static double Rate(IEnvironmentVariables environment, NumericSetting setting, string? tableName)
    {
        var perSecond = Number(environment, setting.Name, setting.Default, setting.Min, setting.Max, "calls per second");
        if (perSecond > 0 && tableName is null)
        {
            throw new SettingsException(
                setting.Name,
                $"is {perSecond.ToString(CultureInfo.InvariantCulture)}, but a rate needs {SettingNames.IdempotencyTableName}: the function's instances share their turns at Proton through that table. Set the table, or 0 to leave Proton's calls unpaced.");
        }

        return perSecond;
    }

    private static int Integer(IEnvironmentVariables environment, NumericSetting setting) =>
        Integer(environment, setting.Name, (int)setting.Default, (int)setting.Min, (int)setting.Max);

    private static string? OptionalTableName(IEnvironmentVariables environment)
    {
        var value = environment.Get(SettingNames.IdempotencyTableName);
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        value = value.Trim();
        if (!TableNamePattern().IsMatch(value) && !TableArnPattern().IsMatch(value))
        {
            throw new SettingsException(
                SettingNames.IdempotencyTableName,
                $"'{value}' is not a DynamoDB table name (3-255 of A-Z a-z 0-9 _ . -) or table ARN.");
        }

        return value;
    }

    // CloudWatch takes a dimension value of 1-1024 ASCII characters; anything else would lose every metric.
    private static string ReadServiceName(IEnvironmentVariables environment)
    {
        var value = environment.Get(SettingNames.ServiceName);
        if (string.IsNullOrWhiteSpace(value))
        {
            return FunctionSettings.DefaultServiceName;
        }

        value = value.Trim();
        if (!ServiceNamePattern().IsMatch(value))
        {
            throw new SettingsException(SettingNames.ServiceName, "must be 1-1024 printable ASCII characters (a CloudWatch dimension value).");
        }

        return value;
    }

    private static TimeSpan Seconds(IEnvironmentVariables environment, string name, TimeSpan fallback, double min, double max) =>
        TimeSpan.FromSeconds(Number(environment, name, fallback.TotalSeconds, min, max, "seconds"));

    private static double Number(IEnvironmentVariables environment, string name, double fallback, double min, double max, string unit)
    {
        var value = environment.Get(name);
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }

        if (!double.TryParse(value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number))
        {
            throw new SettingsException(name, $"'{value}' is not a number of {unit}.");
        }

        if (number < min || number > max)
        {
            throw new SettingsException(
                name,
                string.Create(CultureInfo.InvariantCulture, $"{number} is out of range; allowed {min} to {max} {unit}."));
        }

        return number;
    }

    private static int Integer(IEnvironmentVariables environment, string name, int fallback, int min, int max)
    {
        var value = environment.Get(name);
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }

        if (!int.TryParse(value.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
        {
            throw new SettingsException(name, $"'{value}' is not a whole number.");
        }

        if (number < min || number > max)
        {
            throw new SettingsException(name, string.Create(CultureInfo.InvariantCulture, $"{number} is out of range; allowed {min} to {max}."));
        }

        return number;
    }

    [GeneratedRegex(@"^[\x20-\x7E]{1,1024}$")]
    private static partial Regex ServiceNamePattern();

    [GeneratedRegex(@"^[A-Za-z0-9_.\-]{3,255}$")]
    private static partial Regex TableNamePattern();

    [GeneratedRegex(@"^arn:aws[a-z\-]*:dynamodb:[a-z0-9\-]+:\d{12}:table/[A-Za-z0-9_.\-]{3,255}$")]
    private static partial Regex TableArnPattern();

    [GeneratedRegex(@"^arn:aws[a-z\-]*:sns:[a-z0-9\-]+:\d{12}:[A-Za-z0-9_\-]{1,256}(\.fifo)?$")]
    private static partial Regex TopicArnPattern();
}
