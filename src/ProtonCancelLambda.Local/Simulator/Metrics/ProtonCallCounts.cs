namespace ProtonCancelLambda.Local.Simulator.Metrics;

/// <summary>
/// Proton calls that passed authentication, per operation (whatever their answer), and how many of them
/// were answered with a throttle (the scenario's rate limit or an injected fault) or an injected server
/// error. Rejected: refused before an operation ran.
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

    /// <summary>Throttled calls per operation name; an operation never throttled is absent.</summary>
    public IReadOnlyDictionary<string, int> ThrottledByOperation { get; init; } = new Dictionary<string, int>();

    public int ThrottledOf(string operation) => ThrottledByOperation.GetValueOrDefault(operation);
}

/// <summary>One Proton call as the simulator answered it: when, which operation, throttled or not.</summary>
public sealed record ProtonCall(DateTimeOffset At, string Operation, bool Throttled);
