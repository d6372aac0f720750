using ProtonCancelLambda.Configuration;

namespace ProtonCancelLambda.Local.Rig;

/// <summary>
/// The variables the function runs with on this machine unless a caller says otherwise: a topic, a region and
/// the simulator's test credentials. <see cref="LocalRig"/> adds the simulator's endpoints to them.
/// </summary>
public static class FunctionVariables
{
    public const string DefaultTopicArn = "arn:aws:sns:us-east-1:123456789012:proton-cancel-outcomes";

    public static IReadOnlyDictionary<string, string> Defaults { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [SettingNames.OutcomeTopicArn] = DefaultTopicArn,
        [SettingNames.AwsRegion] = "us-east-1",
        ["AWS_ACCESS_KEY_ID"] = "test",
        ["AWS_SECRET_ACCESS_KEY"] = "test",
    };

    /// <summary>The defaults with <paramref name="overrides"/> set over them.</summary>
    public static Dictionary<string, string> DefaultsWith(IEnumerable<KeyValuePair<string, string>> overrides)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        var variables = new Dictionary<string, string>(Defaults, StringComparer.Ordinal);
        foreach (var (name, value) in overrides)
        {
            variables[name] = value;
        }

        return variables;
    }
}
