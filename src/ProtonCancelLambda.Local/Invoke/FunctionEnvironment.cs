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

    /// <summary>
    /// The caller's keys when exported (for an SNS endpoint that checks signatures, such as moto with
    /// authentication on; the simulator is told to accept them too), else the simulator's test/test.
    /// </summary>
    public static (string AccessKeyId, string SecretAccessKey) Credentials =>
        Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID") is { Length: > 0 } id && Environment.GetEnvironmentVariable("AWS_SECRET_ACCESS_KEY") is { Length: > 0 } secret
            ? (id, secret)
            : ("test", "test");

    public static Dictionary<string, string> Create(Uri protonEndpoint, Uri snsEndpoint)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [SettingNames.OutcomeTopicArn] = DefaultTopicArn,
            [SettingNames.AwsRegion] = "us-east-1",
            ["AWS_ACCESS_KEY_ID"] = Credentials.AccessKeyId,
            ["AWS_SECRET_ACCESS_KEY"] = Credentials.SecretAccessKey,
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
