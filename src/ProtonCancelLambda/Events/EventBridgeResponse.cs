using System.Text.Json.Serialization;

namespace ProtonCancelLambda.Events;

/// <summary>What an EventBridge invocation returns; Lambda's async invoke discards it, but a local run shows it.</summary>
public sealed record EventBridgeResponse(
    [property: JsonPropertyName("requestId")] string RequestId,
    [property: JsonPropertyName("status")] string Status);
