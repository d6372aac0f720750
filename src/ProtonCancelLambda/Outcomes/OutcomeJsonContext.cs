using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ProtonCancelLambda.Outcomes;

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(Outcome))]
public sealed partial class OutcomeJsonContext : JsonSerializerContext
{
    /// <summary>
    /// Outcomes are read by people and by JSON parsers, never embedded in HTML: apostrophes and '+' in error
    /// texts stay as they are instead of becoming \u0027 and \u002B.
    /// </summary>
    public static OutcomeJsonContext Readable { get; } = new(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
