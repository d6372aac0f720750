using ProtonCancelLambda.Configuration;

namespace ProtonCancelLambda.Local.Invoke;

/// <summary>
/// The variables the function runs with under <c>invoke</c>: the simulator's endpoints and its test
/// credentials, a default topic, and any function setting the caller exported (POLL_*, REQUEST_QUEUE_URL...).
/// </summary>
internal static class FunctionEnvironment
{
    public const string DefaultTopicArn = "arn:aws:sns:us-east-1:123456789012:proton-cancel-outcomes";

    private static readonly string[] PassedThrough =
    [
        SettingNames.OutcomeTopicArn, SettingNames.RequestQueueUrl, SettingNames.PollInitialSeconds, SettingNames.PollMaxSeconds,
        SettingNames.PollWindowSeconds, SettingNames.MaxWatchSeconds, SettingNames.MaxConcurrency, SettingNames.LogFormat,
        SettingNames.LogLevel, SettingNames.EndpointUrlSqs,
    ];

    public static Dictionary<string, string> Create(Uri protonEndpoint, Uri snsEndpoint)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [SettingNames.OutcomeTopicArn] = DefaultTopicArn,
            [SettingNames.AwsRegion] = "us-east-1",
            ["AWS_ACCESS_KEY_ID"] = "test",
            ["AWS_SECRET_ACCESS_KEY"] = "test",
            [SettingNames.EndpointUrlProton] = protonEndpoint.ToString(),
            [SettingNames.EndpointUrlSns] = snsEndpoint.ToString(),
        };
        foreach (var name in PassedThrough)
        {
            if (Environment.GetEnvironmentVariable(name) is { Length: > 0 } value)
            {
                variables[name] = value;
            }
        }

        return variables;
    }
}
