namespace ProtonCancelLambda.Tests.Simulation;

/// <summary>
/// The simulation's time: it moves only when the scheduler takes its next step. A timer is a step owned by the
/// invocation that created it, so an invocation waiting on one counts as parked.
/// </summary>
internal sealed class SimClock(SimScheduler scheduler) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => scheduler.Now;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => scheduler.Now.UtcTicks;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new SimTimer(scheduler, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    private sealed class SimTimer(SimScheduler scheduler, TimerCallback callback, object? state) : ITimer
    {
        private readonly SimInvocation? _owner = scheduler.Current;
        private SimStep? _step;
        private TimeSpan _period = Timeout.InfiniteTimeSpan;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            _step?.Cancel();
            _step = null;
            _period = period;
            if (dueTime != Timeout.InfiniteTimeSpan)
            {
                Arm(dueTime);
            }

            return true;
        }

        public void Dispose() => Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }

        private void Arm(TimeSpan dueTime) =>
            _step = scheduler.At(scheduler.Now + (dueTime < TimeSpan.Zero ? TimeSpan.Zero : dueTime), $"{_owner?.Name}: timer fires", Fire, _owner);

        private void Fire()
        {
            _step = null;
            if (_period > TimeSpan.Zero && _period != Timeout.InfiniteTimeSpan)
            {
                Arm(_period);
            }

            callback(state);
        }
    }
}
