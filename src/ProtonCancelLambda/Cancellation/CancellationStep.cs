using ProtonCancelLambda.Aws.Proton;
using ProtonCancelLambda.Outcomes;
using ProtonCancelLambda.Requests;

namespace ProtonCancelLambda.Cancellation;

/// <summary>How a step of the cancellation left the request.</summary>
public abstract record CancellationStep;

/// <summary>
/// The request has its outcome. <see cref="Watch"/> is set when it came from watching a deployment: should the
/// publish fail, a continuation with that watch reads the settled deployment again and publishes what it finds.
/// </summary>
public sealed record Decided(Outcome Outcome, TimeSpan? TimeToSettle = null, WatchState? Watch = null) : CancellationStep;

/// <summary>The cancel went through (or an earlier one of this request's had): the deployment is to be watched.</summary>
public sealed record WatchBegins(WatchState Watch, ProtonEnvironment LastSeen) : CancellationStep;

/// <summary>Still settling when the poll window ended: a continuation message is to carry the watch on after <see cref="Delay"/>.</summary>
public sealed record StillSettling(WatchState Watch, TimeSpan Delay) : CancellationStep;

/// <summary>A transient fault outlived its retries before anything was decided; deliver the request again.</summary>
public sealed record TryAgainLater : CancellationStep;
