using System.Text.Json.Serialization;

namespace ProtonCancelLambda.Outcomes;

/// <summary>The outcome notification, schema v1. Every key is always written, null or not.</summary>
public sealed record Outcome
{
    [JsonPropertyName("schemaVersion")]
    public int SchemaVersion { get; init; } = 1;

    [JsonPropertyName("requestId")]
    public required string RequestId { get; init; }

    [JsonPropertyName("environmentName")]
    public string? EnvironmentName { get; init; }

    [JsonPropertyName("outcome")]
    public required string Kind { get; init; }

    [JsonPropertyName("deploymentStatus")]
    public string? DeploymentStatus { get; init; }

    [JsonPropertyName("deploymentStatusMessage")]
    public string? DeploymentStatusMessage { get; init; }

    [JsonPropertyName("deploymentId")]
    public string? DeploymentId { get; init; }

    [JsonPropertyName("environmentArn")]
    public string? EnvironmentArn { get; init; }

    [JsonPropertyName("source")]
    public required string Source { get; init; }

    [JsonPropertyName("reason")]
    public string? Reason { get; init; }

    [JsonPropertyName("correlationId")]
    public string? CorrelationId { get; init; }

    [JsonPropertyName("requestedAt")]
    public string? RequestedAt { get; init; }

    [JsonPropertyName("completedAt")]
    public required string CompletedAt { get; init; }

    [JsonPropertyName("pollCount")]
    public int PollCount { get; init; }

    [JsonPropertyName("error")]
    public string? Error { get; init; }
}
