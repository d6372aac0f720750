using ProtonCancelLambda.Local.Simulator.Scenario;

namespace ProtonCancelLambda.Local.Simulator.RateLimits;

/// <summary>
/// The scenario's <c>rateLimits</c>: one bucket per named operation for the whole simulated account (every
/// caller shares it, as every Lambda instance shares one account's Proton limit); an operation not named is
/// unlimited.
/// </summary>
internal sealed class AccountRateLimits(IReadOnlyDictionary<string, ScenarioRateLimit>? limits, TimeProvider clock)
{
    private readonly Dictionary<string, TokenBucket> _buckets = (limits ?? new Dictionary<string, ScenarioRateLimit>())
        .ToDictionary(limit => limit.Key, limit => new TokenBucket(limit.Value.PerSecond, limit.Value.Burst, clock), StringComparer.Ordinal);

    /// <summary>True when <paramref name="operation"/> may run now (and its token is taken).</summary>
    public bool Admit(string operation) => !_buckets.TryGetValue(operation, out var bucket) || bucket.TryTake();
}
