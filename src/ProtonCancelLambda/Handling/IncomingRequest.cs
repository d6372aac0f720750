using ProtonCancelLambda.Requests;

namespace ProtonCancelLambda.Handling;

/// <summary>Where a request came from: named in the outcome's <c>source</c>.</summary>
public enum RequestSource
{
    Sqs,
    EventBridge,
}

/// <summary>One request as the workflow sees it: parsed, with what the event source said about its delivery.</summary>
public sealed record IncomingRequest(
    RequestSource Source,
    string DeliveryId,
    RequestParseResult Parsed,
    DateTimeOffset? RequestedAt,
    string? MessageGroupId = null);
