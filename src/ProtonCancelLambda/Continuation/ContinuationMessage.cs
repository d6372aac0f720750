using System.Text.Json.Serialization;
using ProtonCancelLambda.Outcomes;
using ProtonCancelLambda.Requests;

namespace ProtonCancelLambda.Continuation;

/// <summary>
/// The body of a continuation message: the request (schema v1) with a <c>watch</c> object. <c>requestId</c>
/// is always written, so the final outcome carries the id the producer knows. <c>watch.source</c> and
/// <c>watch.requestedAt</c> are our additions (unknown fields are ignored by schema v1) so the outcome keeps
/// the original source and request time. <c>watch.token</c> is set when an idempotency table is in use: it names
/// this message as the request's next owner, so an older copy of the chain is recognised and dropped.
/// </summary>
public sealed record ContinuationMessage(
    [property: JsonPropertyName("environmentName")] string EnvironmentName,
    [property: JsonPropertyName("requestId")] string RequestId,
    [property: JsonPropertyName("expectedDeploymentId")] string? ExpectedDeploymentId,
    [property: JsonPropertyName("reason")] string? Reason,
    [property: JsonPropertyName("correlationId")] string? CorrelationId,
    [property: JsonPropertyName("watch")] ContinuationWatch Watch);

public sealed record ContinuationWatch(
    [property: JsonPropertyName("since")] string Since,
    [property: JsonPropertyName("pollCount")] int PollCount,
    [property: JsonPropertyName("deploymentId")] string? DeploymentId,
    [property: JsonPropertyName("source")] string? Source,
    [property: JsonPropertyName("requestedAt")] string? RequestedAt,
    [property: JsonPropertyName("token")] string? Token = null)
{
    /// <summary>The watch as it is written, in a continuation message and in the idempotency record alike.</summary>
    public static ContinuationWatch From(WatchState watch) =>
        new(Timestamps.Format(watch.Since), watch.PollCount, watch.DeploymentId, watch.Source, Timestamps.Format(watch.RequestedAt), watch.Token);
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ContinuationMessage))]
[JsonSerializable(typeof(ContinuationWatch))]
internal sealed partial class ContinuationJsonContext : JsonSerializerContext;
