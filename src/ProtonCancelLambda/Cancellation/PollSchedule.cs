namespace ProtonCancelLambda.Cancellation;

/// <summary>
/// How long to wait before the next GetEnvironment: a fixed share of the time watched so far, kept between
/// POLL_INITIAL_SECONDS and POLL_MAX_SECONDS, less up to 10% jitter. Each wait is ~12% longer than the
/// last (exponential backoff), so a quick cancellation is seen within a second while a ten-minute one costs
/// about 60 calls instead of the 120 of a fixed 5 s poll. Jitter only shortens the wait, so it spreads
/// concurrent watchers without adding detection lag. A poll that found no turn at Proton (the call budget's
/// windows taken) doubles the next wait, up to POLL_MAX_SECONDS, so that under a mass rollback the young watches, which
/// poll most often and are least likely to find their deployment settled, leave the turns to the older ones.
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

    /// <summary>
    /// The share of the call budget's turns a poll may take: in proportion to the time watched, whole from
    /// POLL_MAX_SECONDS on. When turns are short, the watches most likely to find their deployment settled poll first.
    /// </summary>
    public double ShareOfTurns(TimeSpan watchedSoFar) => Math.Clamp(watchedSoFar / _max, 0, 1);

    public TimeSpan NextDelay(TimeSpan watchedSoFar, int missedPolls = 0)
    {
        var proportional = TimeSpan.FromTicks((long)(Math.Max(0, watchedSoFar.Ticks) * GrowthShare));
        var wait = proportional < _initial ? _initial : proportional;
        wait *= Math.Pow(2, Math.Min(missedPolls, 16));
        return (wait > _max ? _max : wait) * (1 - (JitterShare * _random()));
    }
}
