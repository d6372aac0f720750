namespace ProtonCancelLambda.Cancellation;

/// <summary>
/// How long to wait before the next GetEnvironment: a fixed share of the time watched so far, kept between
/// POLL_INITIAL_SECONDS and POLL_MAX_SECONDS, less up to 10% jitter. Each wait is ~12% longer than the
/// last (exponential backoff), so a quick cancellation is seen within a second while a ten-minute one costs
/// about 60 calls instead of the 120 of a fixed 5 s poll. Jitter only shortens the wait, so it spreads
/// concurrent watchers without adding detection lag.
/// </summary>
public sealed class PollSchedule
{
    /// <summary>The wait as a share of the time watched so far.</summary>
    public const double GrowthShare = 0.12;

    public const double JitterShare = 0.1;

    private readonly TimeSpan _initial;
    private readonly TimeSpan _max;
    private readonly Func<double> _random;

    public PollSchedule(TimeSpan initial, TimeSpan max, Func<double> random)
    {
        _initial = initial;
        _max = max;
        _random = random;
    }

    public TimeSpan NextDelay(TimeSpan watchedSoFar)
    {
        var proportional = TimeSpan.FromTicks((long)(Math.Max(0, watchedSoFar.Ticks) * GrowthShare));
        var wait = proportional < _initial ? _initial : proportional > _max ? _max : proportional;
        return wait * (1 - (JitterShare * _random()));
    }
}
