using ProtonCancelLambda.Requests;

namespace ProtonCancelLambda.Continuation;

/// <summary>A request to resume: the original request with its watch (which also keeps where and when it first came).</summary>
public sealed record ContinuationRequest(CancelRequest Request);
