namespace ProtonCancelLambda.Local.Simulator.Metrics;

/// <summary>Thread-safe counters behind <see cref="ProtonCallCounts"/>.</summary>
internal sealed class CallCounters
{
    private int _get;
    private int _cancel;
    private int _update;
    private int _throttled;
    private int _serverErrors;
    private int _rejected;

    public void Operation(string operation)
    {
        switch (operation)
        {
            case "GetEnvironment":
                Interlocked.Increment(ref _get);
                break;
            case "CancelEnvironmentDeployment":
                Interlocked.Increment(ref _cancel);
                break;
            case "UpdateEnvironment":
                Interlocked.Increment(ref _update);
                break;
            default:
                break;
        }
    }

    public void Throttled() => Interlocked.Increment(ref _throttled);

    public void ServerError() => Interlocked.Increment(ref _serverErrors);

    public void Rejected() => Interlocked.Increment(ref _rejected);

    public ProtonCallCounts Snapshot() => new(
        Volatile.Read(ref _get),
        Volatile.Read(ref _cancel),
        Volatile.Read(ref _update),
        Volatile.Read(ref _throttled),
        Volatile.Read(ref _serverErrors),
        Volatile.Read(ref _rejected));
}
