using ProtonCancelLambda.Aws.Proton;
using ProtonCancelLambda.Requests;

namespace ProtonCancelLambda.Cancellation;

/// <summary>
/// Whether the deployment an environment shows is one this request may cancel: the one it names
/// (<c>expectedDeploymentId</c>), and one that started no later than the request was made. A late redelivery
/// (a crash, a duplicate, an EventBridge retry, a DLQ redrive) must not cancel the deployment that followed,
/// which may well be the rollback itself.
/// </summary>
internal static class DeploymentGuard
{
    /// <summary>Why <paramref name="environment"/>'s deployment is not this request's to cancel; null when it is.</summary>
    public static string? Mismatch(ProtonEnvironment environment, string? expectedDeploymentId, DateTimeOffset? requestedAt)
    {
        var current = environment.LastAttemptedDeploymentId;
        if (expectedDeploymentId is { } expected)
        {
            // The producer saw the deployment's id, so it started before the request: the time has nothing to add.
            return current == expected ? null : $"expectedDeploymentId {expected} does not match lastAttemptedDeploymentId {current ?? "(none)"}";
        }

        // Strictly later: the producer's clock or SQS's may be a little off, and a deployment that started
        // within that margin after the request is exactly the one a rollback must not lose.
        if (requestedAt is { } requested && environment.LastDeploymentAttemptedAt > requested)
        {
            var skipped = $"deployment {current ?? "(none)"} started at {IsoTime.Format(environment.LastDeploymentAttemptedAt)}, after the request was made at {IsoTime.Format(requested)}";
            return IsWholeSecond(requested) && environment.LastDeploymentAttemptedAt < requested + TimeSpan.FromSeconds(1)
                ? skipped + WholeSecondAdvice
                : skipped;
        }

        return null;
    }

    /// <summary>
    /// A request time of whole seconds (EventBridge's <c>time</c>, <c>date +%SZ</c>) is read as the first instant of
    /// its second, since the request may have been made then: a deployment that started later in that second may
    /// be the one that followed, and is not cancelled. The outcome says how to avoid it.
    /// </summary>
    internal const string WholeSecondAdvice =
        "; the request time is in whole seconds, so a deployment that started within that second may have started after the request: give requestedAt with milliseconds, or name the deployment with expectedDeploymentId";

    private static bool IsWholeSecond(DateTimeOffset time) => time.UtcTicks % TimeSpan.TicksPerSecond == 0;

    /// <summary>
    /// Why the deployment a cancel reached (its response) is not the one checked just before, or not this
    /// request's at all; null when it is the same one.
    /// </summary>
    public static string? WrongTarget(ProtonEnvironment? checkedBefore, ProtonEnvironment cancelled, string? expectedDeploymentId, DateTimeOffset? requestedAt)
    {
        if (Mismatch(cancelled, expectedDeploymentId, requestedAt) is { } mismatch)
        {
            return mismatch;
        }

        return checkedBefore is not null && checkedBefore.LastAttemptedDeploymentId != cancelled.LastAttemptedDeploymentId
            ? $"the cancel reached deployment {cancelled.LastAttemptedDeploymentId ?? "(none)"}, not {checkedBefore.LastAttemptedDeploymentId ?? "(none)"}, which was in progress just before"
            : null;
    }
}
