namespace ProtonCancelLambda.Local.Clock;

/// <summary>
/// Real time run <see cref="Speed"/> times faster from the moment it is created: the wall clock, timestamps
/// and timers all agree, so a function, the simulator and the Runtime API emulator sharing one instance see
/// a ten-minute cancellation pass in ten minutes divided by the speed, with every delay in between intact.
/// </summary>
public sealed class ScaledTimeProvider : TimeProvider
{
    private readonly DateTimeOffset _originTime;
    private readonly long _originTimestamp;

    public ScaledTimeProvider(double speed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(speed, 1);
        Speed = speed;
        _originTime = System.GetUtcNow();
        _originTimestamp = System.GetTimestamp();
    }

    public double Speed { get; }

    public override DateTimeOffset GetUtcNow() => _originTime + System.GetElapsedTime(_originTimestamp) * Speed;

    public override long TimestampFrequency => System.TimestampFrequency;

    public override long GetTimestamp() => _originTimestamp + (long)((System.GetTimestamp() - _originTimestamp) * Speed);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        new ScaledTimer(System.CreateTimer(callback, state, Scale(dueTime, Speed), Scale(period, Speed)), Speed);

    private static TimeSpan Scale(TimeSpan interval, double speed) =>
        interval == Timeout.InfiniteTimeSpan ? interval : interval / speed;

    /// <summary>CancellationTokenSource.CancelAfter re-arms its timer through Change: that is scaled too.</summary>
    private sealed class ScaledTimer(ITimer inner, double speed) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(Scale(dueTime, speed), Scale(period, speed));

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
