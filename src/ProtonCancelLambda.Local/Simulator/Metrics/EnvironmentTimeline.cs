namespace ProtonCancelLambda.Local.Simulator.Metrics;

/// <summary>What one GetEnvironment call answered, and when.</summary>
public sealed record StatusObservation(DateTimeOffset At, string DeploymentId, string DeploymentStatus);

/// <summary>
/// The life of an environment's current deployment as the simulator saw it, for measuring how quickly a
/// poller noticed the settled status (<see cref="DetectionLag"/>) and how many polls it spent.
/// </summary>
public sealed record EnvironmentTimeline(
    string EnvironmentName,
    string DeploymentId,
    DateTimeOffset? CancelRequestedAt,
    DateTimeOffset? SettledAt,
    string CurrentStatus,
    IReadOnlyList<StatusObservation> Observations)
{
    /// <summary>The first GetEnvironment of this deployment that answered its settled status.</summary>
    public DateTimeOffset? FirstSettledObservationAt =>
        SettledAt is { } settled
            ? Observations.FirstOrDefault(o => o.DeploymentId == DeploymentId && o.At >= settled)?.At
            : null;

    /// <summary>CancelEnvironmentDeployment calls on this environment, answered or refused: one per request is right.</summary>
    public int CancelCalls { get; init; }

    /// <summary>Time from settling to the first GetEnvironment that saw it; null until both happened.</summary>
    public TimeSpan? DetectionLag => FirstSettledObservationAt - SettledAt;
}
