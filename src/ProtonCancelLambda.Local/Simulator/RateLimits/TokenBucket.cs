namespace ProtonCancelLambda.Local.Simulator.RateLimits;

/// <summary>
/// One operation's limit as AWS enforces its API rates: a bucket of <c>burst</c> tokens refilled at
/// <c>perSecond</c>; a call takes one token or is throttled. Time is the simulator's clock (the rig's scaled
/// one), read as a timestamp so a faster clock refills faster.
/// </summary>
internal sealed class TokenBucket(double perSecond, double burst, TimeProvider clock)
{
    private readonly Lock _lock = new();
    private readonly double _burst = burst;
    private double _tokens = burst;
    private long _refilledAt = clock.GetTimestamp();

    public bool TryTake()
    {
        lock (_lock)
        {
            var now = clock.GetTimestamp();
            var elapsed = clock.GetElapsedTime(_refilledAt, now).TotalSeconds;
            _refilledAt = now;
            _tokens = Math.Min(_burst, _tokens + (elapsed * perSecond));
            if (_tokens < 1)
            {
                return false;
            }

            _tokens--;
            return true;
        }
    }
}
