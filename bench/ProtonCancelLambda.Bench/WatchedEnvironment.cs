using System.Globalization;
using System.Text.Json.Nodes;
using ProtonCancelLambda.Local.Simulator.Scenario;

namespace ProtonCancelLambda.Bench;

/// <summary>
/// One environment whose deployment stays IN_PROGRESS through a run (a cancel settles only an hour later), and
/// the continuation messages that watch it: what the hand-over benchmarks invoke the function with.
/// </summary>
internal static class WatchedEnvironment
{
    public const string Name = "watched-env";

    private const string DeploymentId = "d-0001";

    public static SimulationScenario Scenario { get; } = new()
    {
        Environments = [new ScenarioEnvironment { Name = Name, LastAttemptedDeploymentId = DeploymentId, Cancel = new ScenarioCancel { AfterSeconds = 3600 } }],
    };

    /// <summary>
    /// A continuation five minutes into the watch: the next wait (30 s) is longer than any poll window, so the
    /// function polls once, then hands over (one GetEnvironment + one SendMessage).
    /// </summary>
    public static string ContinuationBody(string requestId)
    {
        var body = JsonNode.Parse(Fixtures.CancelBody(Name, requestId))!.AsObject();
        body["watch"] = new JsonObject
        {
            ["since"] = DateTimeOffset.UtcNow.AddMinutes(-5).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            ["pollCount"] = 40,
            ["deploymentId"] = DeploymentId,
        };
        return body.ToJsonString();
    }
}
