using ProtonCancelLambda.Local.Simulator.Scenario;

namespace ProtonCancelLambda.Local.Simulator.Environments;

/// <summary>
/// One deployment and its timeline. The status is a function of time, so a poller sees the change at the
/// moment the scenario says, not when some background task gets around to it.
/// </summary>
internal sealed class Deployment(
    string id,
    DateTimeOffset attemptedAt,
    string initialStatus,
    string completesAs,
    DateTimeOffset? completesAt,
    ScenarioCancel cancel)
{
    public const string CancelledMessage = "User initiated cancellation.";

    public string Id { get; } = id;

    public DateTimeOffset AttemptedAt { get; } = attemptedAt;

    public DateTimeOffset? CancelRequestedAt { get; private set; }

    private DateTimeOffset? SettlesAt => CancelRequestedAt + TimeSpan.FromSeconds(cancel.AfterSeconds);

    public string StatusAt(DateTimeOffset now)
    {
        if (initialStatus != DeploymentStatuses.InProgress)
        {
            return initialStatus;
        }

        if (CancelRequestedAt is not null)
        {
            return now < SettlesAt ? DeploymentStatuses.Cancelling : cancel.SettlesAs;
        }

        return completesAt is { } at && now >= at ? completesAs : DeploymentStatuses.InProgress;
    }

    /// <summary>When the deployment reached its final status, if it has by <paramref name="now"/>.</summary>
    public DateTimeOffset? SettledAt(DateTimeOffset now)
    {
        var settled = initialStatus != DeploymentStatuses.InProgress ? AttemptedAt : SettlesAt ?? completesAt;
        return settled is { } at && now >= at ? at : null;
    }

    public string? StatusMessageAt(DateTimeOffset now) => StatusAt(now) switch
    {
        DeploymentStatuses.Cancelled => CancelledMessage,
        DeploymentStatuses.Failed when CancelRequestedAt is not null => "Deployment failed while it was being cancelled.",
        DeploymentStatuses.Failed => "Deployment failed.",
        _ => null,
    };

    public void RequestCancel(DateTimeOffset now)
    {
        CancelRequestedAt = now;
    }
}
