using System.Text.Json.Serialization;

namespace ProtonCancelLambda.Local.Simulator.Scenario;

// Unknown members are refused so a misspelt field ("settleAs") fails loudly instead of being ignored.
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(SimulationScenario))]
internal sealed partial class ScenarioJsonContext : JsonSerializerContext;
