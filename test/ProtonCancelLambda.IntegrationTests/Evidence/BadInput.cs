using System.Text.Json.Nodes;

namespace ProtonCancelLambda.IntegrationTests.Evidence;

/// <summary>How a bad input reaches the function.</summary>
public enum BadInputCarrier
{
    /// <summary>The payload is an SQS record's body (null: the record has no body).</summary>
    SqsBody,

    /// <summary>The payload is a whole SQS record (for records that are not records).</summary>
    SqsRecord,

    /// <summary>The payload is the detail of an EventBridge event with the right detail-type (or the whole event).</summary>
    EventBridgeDetail,
    EventBridgeEvent,

    /// <summary>The payload is the whole invocation: neither an SQS batch nor an EventBridge event.</summary>
    Invocation,
}

/// <summary>
/// One kind of bad input and what must come of it: a REJECTED outcome whose error contains
/// <see cref="Expect"/>, or (for <see cref="BadInputCarrier.Invocation"/>) an invocation error of type
/// UnrecognizedEventException whose message contains it.
/// </summary>
public sealed record BadInput(string Kind, BadInputCarrier Carrier, string? Payload, string Expect)
{
    /// <summary>The event itself is unreadable, so the outcome carries the invocation's request id.</summary>
    public bool IdFromInvocation { get; init; }

    public static BadInput Body(string kind, string? body, string expect) => new(kind, BadInputCarrier.SqsBody, body, expect);

    public static BadInput Request(string kind, JsonObject request, string expect) => Body(kind, request.ToJsonString(), expect);

    public static BadInput Detail(string kind, string? detailJson, string expect) => new(kind, BadInputCarrier.EventBridgeDetail, detailJson, expect);

    public static BadInput Event(string kind, JsonObject @event, string expect) => new(kind, BadInputCarrier.EventBridgeEvent, @event.ToJsonString(), expect);

    public static BadInput Invocation(string kind, string payload, string expect) => new(kind, BadInputCarrier.Invocation, payload, expect);

    public override string ToString() => Kind;
}
