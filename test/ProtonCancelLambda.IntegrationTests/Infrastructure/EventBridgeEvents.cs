using System.Text.Json.Nodes;

namespace ProtonCancelLambda.IntegrationTests.Infrastructure;

/// <summary>EventBridge events shaped as a rule targeting the function delivers them.</summary>
public static class EventBridgeEvents
{
    public static string CancelRequested(string id, JsonNode? detail, string detailType = "Proton Environment Deployment Cancel Requested") => new JsonObject
    {
        ["version"] = "0",
        ["id"] = id,
        ["detail-type"] = detailType,
        ["source"] = "com.example.rollback",
        ["account"] = "123456789012",
        ["time"] = "2026-11-24T10:00:00Z",
        ["region"] = "us-east-1",
        ["resources"] = new JsonArray(),
        ["detail"] = detail,
    }.ToJsonString();
}
