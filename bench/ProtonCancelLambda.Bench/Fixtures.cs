using System.Text.Json.Nodes;

namespace ProtonCancelLambda.Bench;

/// <summary>Events shared by the benchmarks.</summary>
internal static class Fixtures
{
    public static string CancelBody(string environmentName, string requestId) =>
        new JsonObject { ["environmentName"] = environmentName, ["requestId"] = requestId }.ToJsonString();
}
