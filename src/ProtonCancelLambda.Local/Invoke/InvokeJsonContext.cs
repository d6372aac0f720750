using System.Text.Json;
using System.Text.Json.Serialization;

namespace ProtonCancelLambda.Local.Invoke;

[JsonSerializable(typeof(JsonElement))]
internal sealed partial class InvokeJsonContext : JsonSerializerContext;
