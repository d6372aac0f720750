using ProtonCancelLambda.Aws.Proton;
using ProtonCancelLambda.Outcomes;

namespace ProtonCancelLambda.Workflow;

/// <summary>Builds outcomes for one work item, so every outcome carries the request's fields the same way.</summary>
internal sealed class OutcomeFactory
{
    private readonly WorkItem _work;
    private readonly TimeProvider _clock;

    public OutcomeFactory(WorkItem work, TimeProvider clock)
    {
        _work = work;
        _clock = clock;
    }

    public Outcome Create(string kind, ProtonEnvironment? environment, int pollCount, string? error = null) => new()
    {
        RequestId = _work.Request.RequestId,
        EnvironmentName = _work.Request.EnvironmentName,
        Kind = kind,
        DeploymentStatus = environment?.DeploymentStatus,
        DeploymentStatusMessage = environment?.DeploymentStatusMessage,
        DeploymentId = environment?.LastAttemptedDeploymentId,
        EnvironmentArn = environment?.Arn,
        Source = _work.Source,
        Reason = _work.Request.Reason,
        CorrelationId = _work.Request.CorrelationId,
        RequestedAt = Timestamps.Format(_work.RequestedAt),
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
}
