using System.Text.Json.Serialization;

namespace ProtonCancelLambda.Aws.Proton;

// The request and response shapes of the two operations, named as in the model.

internal sealed record GetEnvironmentInput([property: JsonPropertyName("name")] string Name);

internal sealed record CancelEnvironmentDeploymentInput([property: JsonPropertyName("environmentName")] string EnvironmentName);

/// <summary>GetEnvironmentOutput and CancelEnvironmentDeploymentOutput have the same single member.</summary>
internal sealed record EnvironmentOutput([property: JsonPropertyName("environment")] ProtonEnvironment? Environment);
