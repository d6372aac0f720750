using System.Text.Json.Serialization;
using ProtonCancelLambda.Aws.Http;

namespace ProtonCancelLambda.Aws.Proton;

/// <summary>Source-generated JSON for the Proton wire shapes: no reflection, as Native AOT requires.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(GetEnvironmentInput))]
[JsonSerializable(typeof(CancelEnvironmentDeploymentInput))]
[JsonSerializable(typeof(EnvironmentOutput))]
[JsonSerializable(typeof(AwsJsonErrorBody))]
internal sealed partial class ProtonJsonContext : JsonSerializerContext;
