using ProtonCancelLambda.Aws.Proton;
using ProtonCancelLambda.Requests;

namespace ProtonCancelLambda.Outcomes;

/// <summary>
/// Builds every outcome of one delivery, so each carries the request's fields the same way, whether the request
/// was refused or worked on.
/// </summary>
public sealed class OutcomeFactory(Delivery delivery, TimeProvider clock)
{
    /// <summary>The REJECTED outcome: it names the problem.</summary>
    public Outcome Rejection(string problem) => Create(OutcomeKinds.Rejected, null, 0, problem);

    public Outcome Create(string kind, ProtonEnvironment? environment, int pollCount, string? error = null)
    {
        var (environmentName, reason, correlationId) = delivery.Parsed switch
        {
            AcceptedRequest { Request: var request } => (request.EnvironmentName, request.Reason, request.CorrelationId),
            RejectedRequest rejected => (rejected.EnvironmentName, rejected.Reason, rejected.CorrelationId),
            _ => (null, null, null),
        };
        return new()
        {
            RequestId = delivery.RequestId,
            EnvironmentName = environmentName,
            Kind = kind,
            DeploymentStatus = environment?.DeploymentStatus,
            DeploymentStatusMessage = environment?.DeploymentStatusMessage,
            DeploymentId = environment?.LastAttemptedDeploymentId,
            EnvironmentArn = environment?.Arn,
            Source = delivery.Source,
            Reason = reason,
            CorrelationId = correlationId,
            RequestedAt = IsoTime.Format(delivery.RequestedAt),
            CompletedAt = IsoTime.Format(clock.GetUtcNow()),
            PollCount = pollCount,
            Error = error,
        };
    }

    /// <summary>The outcome for a deployment that is no longer IN_PROGRESS or CANCELLING.</summary>
    public static string ForSettledStatus(string status) => status switch
    {
        DeploymentStatuses.Cancelled => OutcomeKinds.Cancelled,
        DeploymentStatuses.Failed => OutcomeKinds.Failed,
        DeploymentStatuses.Succeeded => OutcomeKinds.Succeeded,
        _ => OutcomeKinds.NotInProgress,
    };
}
