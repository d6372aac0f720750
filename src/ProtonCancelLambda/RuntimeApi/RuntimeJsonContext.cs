using System.Text.Json.Serialization;

namespace ProtonCancelLambda.RuntimeApi;

[JsonSerializable(typeof(ErrorReport))]
internal sealed partial class RuntimeJsonContext : JsonSerializerContext;
