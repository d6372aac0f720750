using ProtonCancelLambda.Continuation;

namespace ProtonCancelLambda.Workflow;

/// <summary>
/// Told when a cancel has gone through and the watch begins, so that a delivery taking over from one that
/// died resumes the watch rather than cancelling again (and finding nothing left to cancel). Saving is best
/// effort: the watch goes on either way.
/// </summary>
public interface IWatchCheckpoint
{
    Task WatchStartedAsync(ContinuationRequest resume, DateTimeOffset deadline, CancellationToken cancellationToken);
}
