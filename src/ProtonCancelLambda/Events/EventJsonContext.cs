using System.Text.Json.Serialization;

namespace ProtonCancelLambda.Events;

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(SqsEvent))]
[JsonSerializable(typeof(SqsMessage))]
[JsonSerializable(typeof(EventBridgeEvent))]
[JsonSerializable(typeof(SqsBatchResponse))]
[JsonSerializable(typeof(EventBridgeResponse))]
public sealed partial class EventJsonContext : JsonSerializerContext;
