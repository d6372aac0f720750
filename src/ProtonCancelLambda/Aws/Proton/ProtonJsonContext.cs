using System.Text.Json.Serialization;

namespace ProtonCancelLambda.Aws.Proton;

/// <summary>Source-generated JSON for the Proton wire shapes: no reflection, as Native AOT requires.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(GetEnvironmentInput))]
[JsonSerializable(typeof(CancelEnvironmentDeploymentInput))]
[JsonSerializable(typeof(EnvironmentOutput))]
[JsonSerializable(typeof(ProtonErrorBody))]
internal sealed partial class ProtonJsonContext : JsonSerializerContext;
