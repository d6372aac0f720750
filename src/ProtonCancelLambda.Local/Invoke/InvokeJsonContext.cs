using System.Text.Json;
using System.Text.Json.Serialization;

namespace ProtonCancelLambda.Local.Invoke;

[JsonSerializable(typeof(JsonElement))]
internal sealed partial class InvokeJsonContext : JsonSerializerContext
{
    public static InvokeJsonContext Readable { get; } = new(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
