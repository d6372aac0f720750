using ProtonCancelLambda.Requests;

namespace ProtonCancelLambda.Handling;

/// <summary>
/// One request as the workflow sees it: parsed, with what the event source said about its delivery.
/// <see cref="Source"/> is one of <see cref="RequestSources"/>.
/// </summary>
public sealed record IncomingRequest(
    string Source,
    string DeliveryId,
    RequestParseResult Parsed,
    DateTimeOffset? RequestedAt,
    string? MessageGroupId = null);
