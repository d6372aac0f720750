using System.Text.Json.Nodes;
using ProtonCancelLambda.Local.RuntimeEmulator;
using ProtonCancelLambda.Local.Simulator;

namespace ProtonCancelLambda.Bench;

/// <summary>Events and function variables shared by the benchmarks.</summary>
internal static class Fixtures
{
    public const string TopicArn = "arn:aws:sns:us-east-1:123456789012:proton-cancel-outcomes";

    public static Dictionary<string, string> Environment(ProtonSimulator simulator, RuntimeApiEmulator emulator, IReadOnlyDictionary<string, string>? extra = null)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["OUTCOME_TOPIC_ARN"] = TopicArn,
            ["AWS_REGION"] = "us-east-1",
            ["AWS_ACCESS_KEY_ID"] = "test",
            ["AWS_SECRET_ACCESS_KEY"] = "test",
            ["AWS_ENDPOINT_URL_PROTON"] = simulator.Endpoint.ToString(),
            ["AWS_ENDPOINT_URL_SNS"] = simulator.Endpoint.ToString(),
            ["AWS_LAMBDA_RUNTIME_API"] = emulator.Address,
        };
        foreach (var (name, value) in extra ?? new Dictionary<string, string>())
        {
            variables[name] = value;
        }

        return variables;
    }

    public static string CancelBody(string environmentName, string requestId) =>
        new JsonObject { ["environmentName"] = environmentName, ["requestId"] = requestId }.ToJsonString();
}
