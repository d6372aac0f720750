namespace ProtonCancelLambda.Requests;

/// <summary>
/// One delivery of one request, made once at the Lambda edge and carried through the whole pipeline: what was
/// parsed, where it came from, the request time as decided once, the watch to resume (apart from the message),
/// which delivery it is (the SQS messageId or EventBridge event id), and the invocation's deadlines.
/// </summary>
public sealed record Delivery(
    string Id,
    string Source,
    RequestParseResult Parsed,
    DateTimeOffset? RequestedAt,
    WatchState? Watch,
    InvocationDeadlines Deadlines,
    string? MessageGroupId = null)
{
    public string RequestId => Parsed.RequestId;

    /// <summary>
    /// The delivery this one claims the request as: itself, or, for a request put back to wait for its turn at
    /// Proton, the delivery it stands in for. That one's message was deleted when the copy was sent, perhaps while
    /// another copy of it held the request; claiming as it, the copy comes back later instead of being taken for a
    /// duplicate, and takes the request over once that copy's lease has run out.
    /// </summary>
    public string ClaimId => (Parsed as AcceptedRequest)?.PutBackOf ?? Id;

    /// <summary>The valid request, or null for one that was refused while parsing.</summary>
    public CancelRequest? Request => (Parsed as AcceptedRequest)?.Request;

    /// <summary>
    /// A delivery as the event source handed it over. The request time is the earlier of the producer's
    /// <c>requestedAt</c> and the transport's time (SQS SentTimestamp, EventBridge <c>time</c>) where both exist: a
    /// producer clock running ahead cannot move the request later than it was sent, and a DLQ redrive (which resets
    /// the transport's time) keeps the producer's older one. A continuation keeps its original request's source and
    /// time, both carried in its watch.
    /// </summary>
    public static Delivery Create(string source, string id, RequestParseResult parsed, DateTimeOffset? transportTime, InvocationDeadlines deadlines, string? messageGroupId = null)
    {
        if (parsed is AcceptedRequest { Watch: { } watch })
        {
            return new Delivery(id, watch.Source ?? source, parsed, watch.RequestedAt ?? watch.Since, watch, deadlines, messageGroupId);
        }

        var producerTime = (parsed as AcceptedRequest)?.Request.RequestedAt;
        return new Delivery(id, source, parsed, Earlier(producerTime, transportTime), null, deadlines, messageGroupId);
    }

    private static DateTimeOffset? Earlier(DateTimeOffset? a, DateTimeOffset? b) =>
        a is { } x && b is { } y ? (x < y ? x : y) : a ?? b;
}
