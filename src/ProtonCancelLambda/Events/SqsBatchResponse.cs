using System.Text.Json.Serialization;

namespace ProtonCancelLambda.Events;

/// <summary>The partial batch response: the records SQS should deliver again.</summary>
public sealed record SqsBatchResponse(
    [property: JsonPropertyName("batchItemFailures")] IReadOnlyList<BatchItemFailure> BatchItemFailures);

public sealed record BatchItemFailure([property: JsonPropertyName("itemIdentifier")] string ItemIdentifier);
