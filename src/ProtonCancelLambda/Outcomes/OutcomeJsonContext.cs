using System.Text.Json.Serialization;

namespace ProtonCancelLambda.Outcomes;

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(Outcome))]
public sealed partial class OutcomeJsonContext : JsonSerializerContext;
