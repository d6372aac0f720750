using ProtonCancelLambda.Aws.Proton;
using ProtonCancelLambda.Outcomes;
using ProtonCancelLambda.Requests;

namespace ProtonCancelLambda.Workflow;

/// <summary>
/// Builds every outcome of one request, so each carries the request's fields the same way: the REJECTED one of
/// a request that never became work, and all others for a work item.
/// </summary>
internal sealed class OutcomeFactory
{
    private readonly RequestFields _request;
    private readonly TimeProvider _clock;

    private OutcomeFactory(RequestFields request, TimeProvider clock)
    {
        _request = request;
        _clock = clock;
    }

    public static OutcomeFactory For(WorkItem work, TimeProvider clock) =>
        new(new RequestFields(work.Request.RequestId, work.Request.EnvironmentName, work.Request.Reason, work.Request.CorrelationId, work.Source, work.RequestedAt), clock);

    /// <summary>The REJECTED outcome of a request refused before any work: it names the problem.</summary>
    public static Outcome Rejection(RejectedRequest rejected, string source, DateTimeOffset? requestedAt, TimeProvider clock) =>
        new OutcomeFactory(new RequestFields(rejected.RequestId, rejected.EnvironmentName, rejected.Reason, rejected.CorrelationId, source, requestedAt), clock)
            .Create(OutcomeKinds.Rejected, null, 0, rejected.Problem);

    public Outcome Create(string kind, ProtonEnvironment? environment, int pollCount, string? error = null) => new()
    {
        RequestId = _request.RequestId,
        EnvironmentName = _request.EnvironmentName,
        Kind = kind,
        DeploymentStatus = environment?.DeploymentStatus,
        DeploymentStatusMessage = environment?.DeploymentStatusMessage,
        DeploymentId = environment?.LastAttemptedDeploymentId,
        EnvironmentArn = environment?.Arn,
        Source = _request.Source,
        Reason = _request.Reason,
        CorrelationId = _request.CorrelationId,
        RequestedAt = Timestamps.Format(_request.RequestedAt),
        CompletedAt = Timestamps.Format(_clock.GetUtcNow()),
        PollCount = pollCount,
        Error = error,
    };

    /// <summary>The outcome for a deployment that is no longer IN_PROGRESS or CANCELLING.</summary>
    public static string ForSettledStatus(string status) => status switch
    {
        DeploymentStatuses.Cancelled => OutcomeKinds.Cancelled,
        DeploymentStatuses.Failed => OutcomeKinds.Failed,
        DeploymentStatuses.Succeeded => OutcomeKinds.Succeeded,
        _ => OutcomeKinds.NotInProgress,
    };

    /// <summary>What every outcome of the request repeats, from the accepted or the rejected request alike.</summary>
    private sealed record RequestFields(string RequestId, string? EnvironmentName, string? Reason, string? CorrelationId, string Source, DateTimeOffset? RequestedAt);
}
