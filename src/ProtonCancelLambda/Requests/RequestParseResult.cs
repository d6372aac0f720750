namespace ProtonCancelLambda.Requests;

/// <summary>What one record or event yields: a request to work on, or the reason it was refused.</summary>
public abstract record RequestParseResult(string RequestId);

/// <summary>
/// A valid request; <paramref name="Watch"/> is set on a continuation message, which resumes it;
/// <paramref name="PutBackOf"/> on a request put back to wait for its turn at Proton: the delivery it stands in for.
/// </summary>
public sealed record AcceptedRequest(CancelRequest Request, WatchState? Watch = null, string? PutBackOf = null) : RequestParseResult(Request.RequestId);

/// <summary>An invalid request; whatever fields could be read are kept so the REJECTED outcome carries them.</summary>
public sealed record RejectedRequest(
    string RequestId,
    string Problem,
    string? EnvironmentName = null,
    string? Reason = null,
    string? CorrelationId = null) : RequestParseResult(RequestId);
