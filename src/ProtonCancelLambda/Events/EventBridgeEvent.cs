using System.Text.Json;
using System.Text.Json.Serialization;

namespace ProtonCancelLambda.Events;

/// <summary>An EventBridge event; for us <c>detail</c> is the cancel request.</summary>
public sealed class EventBridgeEvent
{
    /// <summary>The detail-type the template's rule matches.</summary>
    public const string CancelRequestedDetailType = "Proton Environment Deployment Cancel Requested";

    [JsonPropertyName("version")]
    public string? Version { get; set; }

    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonPropertyName("detail-type")]
    public string? DetailType { get; set; }

    [JsonPropertyName("source")]
    public string? Source { get; set; }

    [JsonPropertyName("account")]
    public string? Account { get; set; }

    // Kept as text: a malformed time must not make the whole event unreadable.
    [JsonPropertyName("time")]
    public string? Time { get; set; }

    [JsonPropertyName("region")]
    public string? Region { get; set; }

    [JsonPropertyName("resources")]
    public List<string>? Resources { get; set; }

    [JsonPropertyName("detail")]
    public JsonElement? Detail { get; set; }
}
