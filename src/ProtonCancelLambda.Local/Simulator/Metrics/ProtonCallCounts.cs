namespace ProtonCancelLambda.Local.Simulator.Metrics;

/// <summary>
/// Proton calls that passed authentication, per operation (whatever their answer), and how many of them
/// were answered with an injected throttle or server error. Rejected: refused before an operation ran.
/// </summary>
public sealed record ProtonCallCounts(
    int GetEnvironment,
    int CancelEnvironmentDeployment,
    int UpdateEnvironment,
    int Throttled,
    int ServerErrors,
    int Rejected)
{
    public int Total => GetEnvironment + CancelEnvironmentDeployment + UpdateEnvironment;
}
