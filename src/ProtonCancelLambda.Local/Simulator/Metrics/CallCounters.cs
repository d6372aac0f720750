using System.Collections.Concurrent;

namespace ProtonCancelLambda.Local.Simulator.Metrics;

/// <summary>Thread-safe counters behind <see cref="ProtonCallCounts"/>, and the history behind <see cref="ProtonCall"/>.</summary>
internal sealed class CallCounters(TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _throttles = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<ProtonCall> _history = new();
    private int _throttled;
    private int _serverErrors;
    private int _rejected;

    public void Operation(string operation) => _calls.AddOrUpdate(operation, 1, (_, count) => count + 1);

    /// <summary>A call answered ThrottlingException: by the account's rate limit, or by an injected fault.</summary>
    public void Throttled(string operation)
    {
        Interlocked.Increment(ref _throttled);
        _throttles.AddOrUpdate(operation, 1, (_, count) => count + 1);
        _history.Enqueue(new ProtonCall(clock.GetUtcNow(), operation, Throttled: true));
    }

    /// <summary>A call that got past the rate limit and the faults to the operation itself.</summary>
    public void Served(string operation) => _history.Enqueue(new ProtonCall(clock.GetUtcNow(), operation, Throttled: false));

    public void ServerError() => Interlocked.Increment(ref _serverErrors);

    public void Rejected() => Interlocked.Increment(ref _rejected);

    public IReadOnlyList<ProtonCall> History => [.. _history];

    public ProtonCallCounts Snapshot() => new(
        _calls.GetValueOrDefault("GetEnvironment"),
        _calls.GetValueOrDefault("CancelEnvironmentDeployment"),
        _calls.GetValueOrDefault("UpdateEnvironment"),
        Volatile.Read(ref _throttled),
        Volatile.Read(ref _serverErrors),
        Volatile.Read(ref _rejected))
    {
        ThrottledByOperation = new Dictionary<string, int>(_throttles, StringComparer.Ordinal),
    };
}
