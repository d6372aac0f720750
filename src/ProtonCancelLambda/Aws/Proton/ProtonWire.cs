using System.Text.Json.Serialization;

namespace ProtonCancelLambda.Aws.Proton;

// The request and response shapes of the two operations, named as in the model.

internal sealed record GetEnvironmentInput([property: JsonPropertyName("name")] string Name);

internal sealed record CancelEnvironmentDeploymentInput([property: JsonPropertyName("environmentName")] string EnvironmentName);

/// <summary>GetEnvironmentOutput and CancelEnvironmentDeploymentOutput have the same single member.</summary>
internal sealed record EnvironmentOutput([property: JsonPropertyName("environment")] ProtonEnvironment? Environment);

/// <summary>An AWS JSON 1.0 error body. Services spell the message member either way.</summary>
internal sealed record ProtonErrorBody(
    [property: JsonPropertyName("__type")] string? Type,
    [property: JsonPropertyName("message")] string? LowerMessage,
    [property: JsonPropertyName("Message")] string? UpperMessage);
