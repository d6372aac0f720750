using Microsoft.Extensions.Time.Testing;
using ProtonCancelLambda.Aws.Http;

namespace ProtonCancelLambda.Tests.Aws.Http;

/// <summary>
/// The client-side rate of the adaptive retry mode, against a service that admits a fixed rate: the client's
/// rate falls below the service's after throttles and grows back without them, so a client sharing an
/// account limit is throttled on a small share of its calls instead of on most of them.
/// </summary>
public class AdaptiveRateLimiterTests
{
    private static readonly DateTimeOffset Far = DateTimeOffset.MaxValue;

    [Fact]
    public void Reserve_BeforeAnyThrottle_NeverWaits()
    {
        var limiter = new AdaptiveRateLimiter(new FakeTimeProvider());
        for (var i = 0; i < 100; i++)
        {
            limiter.OnAnswer(throttled: false);
        }

        Assert.Equal(TimeSpan.Zero, limiter.Reserve(Far));
        Assert.Equal(0, limiter.FillRate);
    }

    [Fact]
    public void OnAnswer_Throttle_CutsTheRateBelowWhatWasSent()
    {
        var clock = new FakeTimeProvider();
        var limiter = new AdaptiveRateLimiter(clock);

        // 20 calls a second for 3 s, then a throttle.
        for (var i = 0; i < 60; i++)
        {
            limiter.OnAnswer(throttled: false);
            clock.Advance(TimeSpan.FromMilliseconds(50));
        }

        limiter.OnAnswer(throttled: true);

        Assert.InRange(limiter.FillRate, 0.5, 20 * 0.7 + 0.5);
    }

    [Fact]
    public void OnAnswer_SuccessesAfterAThrottle_GrowTheRateBack()
    {
        var clock = new FakeTimeProvider();
        var limiter = new AdaptiveRateLimiter(clock);
        for (var i = 0; i < 40; i++)
        {
            limiter.OnAnswer(throttled: false);
            clock.Advance(TimeSpan.FromMilliseconds(100));
        }

        limiter.OnAnswer(throttled: true);
        var afterThrottle = limiter.FillRate;
        for (var i = 0; i < 40; i++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(100));
            limiter.OnAnswer(throttled: false);
        }

        Assert.True(limiter.FillRate > afterThrottle, $"rate {limiter.FillRate} did not grow from {afterThrottle}");
    }

    [Fact]
    public void Reserve_WhenTheBucketIsEmpty_QueuesCallersOneSlotApart()
    {
        var clock = new FakeTimeProvider();
        var limiter = new AdaptiveRateLimiter(clock);
        limiter.OnAnswer(throttled: true);
        var rate = limiter.FillRate;

        var waits = Enumerable.Range(0, 4).Select(_ => limiter.Reserve(Far)!.Value.TotalSeconds).ToList();

        for (var i = 1; i < waits.Count; i++)
        {
            Assert.Equal(1 / rate, waits[i] - waits[i - 1], 3);
        }
    }

    [Fact]
    public void Reserve_WhenTheSlotComesAfterTheDeadline_TakesNothing()
    {
        var clock = new FakeTimeProvider();
        var limiter = new AdaptiveRateLimiter(clock);
        limiter.OnAnswer(throttled: true);
        var first = limiter.Reserve(Far)!.Value;

        Assert.Null(limiter.Reserve(clock.GetUtcNow() + first));
        Assert.Equal((first + TimeSpan.FromSeconds(1 / limiter.FillRate)).TotalSeconds, limiter.Reserve(Far)!.Value.TotalSeconds, 3);
    }

    [Fact]
    public void Clients_SharingAnAccountLimit_AreThrottledOnAFractionOfTheCallsTheyWouldBeWithout()
    {
        // Ten clients that would each send 10 calls a second share a limit of 10 a second (burst 10).
        var clock = new FakeTimeProvider();
        var clients = Enumerable.Range(0, 10).Select(_ => new Client(new AdaptiveRateLimiter(clock))).ToList();
        double tokens = 10;
        int calls = 0, throttles = 0;
        for (var tick = 0; tick < 60_000; tick++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(1));
            tokens = Math.Min(10, tokens + 0.01);
            foreach (var client in clients.Where(c => c.ReadyAt <= clock.GetUtcNow()))
            {
                client.Wait(clock, TimeSpan.FromMilliseconds(100));
                if (client.HasSlot(clock))
                {
                    calls++;
                    var admitted = tokens >= 1;
                    tokens -= admitted ? 1 : 0;
                    throttles += admitted ? 0 : 1;
                    client.Limiter.OnAnswer(!admitted);
                }
            }
        }

        // Without the limiter 100 calls a second meet 10 admitted: 90% throttled, and the account's rate used.
        Assert.InRange(throttles / (double)calls, 0, 0.4);
        Assert.InRange(calls - throttles, 550, 610);
    }

    private sealed class Client(AdaptiveRateLimiter limiter)
    {
        public AdaptiveRateLimiter Limiter { get; } = limiter;

        public DateTimeOffset ReadyAt { get; private set; }

        private DateTimeOffset? _slot;

        public void Wait(TimeProvider clock, TimeSpan interval)
        {
            if (_slot is null)
            {
                _slot = clock.GetUtcNow() + Limiter.Reserve(Far)!.Value;
                ReadyAt = clock.GetUtcNow() + interval;
            }
        }

        public bool HasSlot(TimeProvider clock)
        {
            if (_slot is { } slot && slot <= clock.GetUtcNow())
            {
                _slot = null;
                return true;
            }

            return false;
        }
    }
}
