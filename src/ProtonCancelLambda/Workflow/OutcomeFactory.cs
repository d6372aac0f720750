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
    private readonly string _requestId;
    private readonly string? _environmentName;
    private readonly string? _reason;
    private readonly string? _correlationId;
    private readonly string _source;
    private readonly DateTimeOffset? _requestedAt;
    private readonly TimeProvider _clock;

    private OutcomeFactory(string requestId, string? environmentName, string? reason, string? correlationId, string source, DateTimeOffset? requestedAt, TimeProvider clock)
    {
        _requestId = requestId;
        _environmentName = environmentName;
        _reason = reason;
        _correlationId = correlationId;
        _source = source;
        _requestedAt = requestedAt;
        _clock = clock;
    }

    public static OutcomeFactory For(WorkItem work, TimeProvider clock) =>
        new(work.Request.RequestId, work.Request.EnvironmentName, work.Request.Reason, work.Request.CorrelationId, work.Source, work.RequestedAt, clock);

    /// <summary>The REJECTED outcome of a request refused before any work: it names the problem.</summary>
    public static Outcome Rejection(RejectedRequest rejected, string source, DateTimeOffset? requestedAt, TimeProvider clock) =>
        new OutcomeFactory(rejected.RequestId, rejected.EnvironmentName, rejected.Reason, rejected.CorrelationId, source, requestedAt, clock)
            .Create(OutcomeKinds.Rejected, null, 0, rejected.Problem);

    public Outcome Create(string kind, ProtonEnvironment? environment, int pollCount, string? error = null) => new()
    {
        RequestId = _requestId,
        EnvironmentName = _environmentName,
        Kind = kind,
        DeploymentStatus = environment?.DeploymentStatus,
        DeploymentStatusMessage = environment?.DeploymentStatusMessage,
        DeploymentId = environment?.LastAttemptedDeploymentId,
        EnvironmentArn = environment?.Arn,
        Source = _source,
        Reason = _reason,
        CorrelationId = _correlationId,
        RequestedAt = Timestamps.Format(_requestedAt),
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
