using ProtonCancelLambda.Local.Clock;

namespace ProtonCancelLambda.Tests.Local;

public sealed class ScaledTimeProviderTests
{
    // Only a guard against a hang: at speed 1000 the delays below take milliseconds of real time.
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(30);

    // .NET timers run on a millisecond tick and may fire up to a tick early against the high-resolution
    // clock: at speed 1000 that is a second of scaled time.
    private static readonly TimeSpan TimerTick = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Delay_AtSpeed1000_LetsTheWholeDelayPassOnTheScaledClock()
    {
        var clock = new ScaledTimeProvider(1000);
        var before = clock.GetUtcNow();
        var started = clock.GetTimestamp();

        await Task.Delay(TimeSpan.FromSeconds(100), clock).WaitAsync(Hang, TestContext.Current.CancellationToken);

        Assert.True(clock.GetUtcNow() - before >= TimeSpan.FromSeconds(100) - TimerTick, $"{clock.GetUtcNow() - before}");
        Assert.True(clock.GetElapsedTime(started) >= TimeSpan.FromSeconds(100) - TimerTick, $"{clock.GetElapsedTime(started)}");
    }

    [Fact]
    public async Task CancelAfter_ReArmedThroughChange_IsScaledToo()
    {
        var clock = new ScaledTimeProvider(1000);
        using var source = new CancellationTokenSource(Timeout.InfiniteTimeSpan, clock);
        var before = clock.GetUtcNow();

        source.CancelAfter(TimeSpan.FromSeconds(50));
        await Task.Delay(Timeout.InfiniteTimeSpan, source.Token).ContinueWith(static _ => { }, TaskScheduler.Default).WaitAsync(Hang, TestContext.Current.CancellationToken);

        Assert.True(source.IsCancellationRequested);
        Assert.True(clock.GetUtcNow() - before >= TimeSpan.FromSeconds(50) - TimerTick, $"{clock.GetUtcNow() - before}");
    }

    [Fact]
    public void Speed_BelowOne_IsRefused() => Assert.Throws<ArgumentOutOfRangeException>(() => new ScaledTimeProvider(0.5));
}
