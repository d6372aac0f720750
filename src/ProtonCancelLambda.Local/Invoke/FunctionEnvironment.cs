using ProtonCancelLambda.Configuration;
using ProtonCancelLambda.Local.Rig;

namespace ProtonCancelLambda.Local.Invoke;

/// <summary>
/// The variables the function runs with under <c>invoke</c>: the local defaults (a topic, the region, the
/// simulator's test credentials), with the caller's exported keys and function settings (POLL_*,
/// REQUEST_QUEUE_URL...) over them. The rig adds the simulator's endpoints.
/// </summary>
internal static class FunctionEnvironment
{
    private static readonly string[] PassedThrough =
    [
        SettingNames.OutcomeTopicArn, SettingNames.RequestQueueUrl, SettingNames.PollInitialSeconds, SettingNames.PollMaxSeconds,
        SettingNames.PollWindowSeconds, SettingNames.MaxWatchSeconds, SettingNames.RepublishDelaySeconds, SettingNames.MaxConcurrency,
        SettingNames.ProtonGetEnvironmentPerSecond, SettingNames.ProtonCancelPerSecond, SettingNames.LogFormat,
        SettingNames.LogLevel, SettingNames.EndpointUrlSqs, SettingNames.ServiceName,
    ];

    /// <summary>
    /// The caller's keys when exported (for an SNS endpoint that checks signatures, such as moto with
    /// authentication on; the simulator is told to accept them too), else the simulator's test/test.
    /// </summary>
    public static (string AccessKeyId, string SecretAccessKey) Credentials =>
        Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID") is { Length: > 0 } id && Environment.GetEnvironmentVariable("AWS_SECRET_ACCESS_KEY") is { Length: > 0 } secret
            ? (id, secret)
            : ("test", "test");

    public static Dictionary<string, string> Create()
    {
        var variables = FunctionVariables.DefaultsWith(new Dictionary<string, string>
        {
            ["AWS_ACCESS_KEY_ID"] = Credentials.AccessKeyId,
            ["AWS_SECRET_ACCESS_KEY"] = Credentials.SecretAccessKey,
        });
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
