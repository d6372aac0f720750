using Microsoft.Extensions.Time.Testing;
using ProtonCancelLambda.Local.Simulator.Faults;
using ProtonCancelLambda.Local.Simulator.Protocol;
using ProtonCancelLambda.Local.Simulator.Scenario;

namespace ProtonCancelLambda.Tests.Simulator;

public class FaultInjectorTests
{
    [Fact]
    public async Task Apply_ThrottleEveryThird_ThrottlesCallsThreeAndSix()
    {
        var faults = new FaultInjector(new ScenarioFaults { ThrottleEveryNth = 3 }, new FakeTimeProvider());
        var outcomes = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            outcomes.Add(await Outcome(faults));
        }

        Assert.Equal(["ok", "ok", ProtonErrors.Throttling, "ok", "ok", ProtonErrors.Throttling], outcomes);
    }

    [Fact]
    public async Task Apply_SameSeed_FailsTheSameCalls()
    {
        async Task<List<string>> Run()
        {
            var faults = new FaultInjector(new ScenarioFaults { ServerErrorRate = 0.5, Seed = 42 }, new FakeTimeProvider());
            var outcomes = new List<string>();
            for (var i = 0; i < 20; i++)
            {
                outcomes.Add(await Outcome(faults));
            }

            return outcomes;
        }

        var first = await Run();
        Assert.Equal(first, await Run());
        Assert.Contains(ProtonErrors.InternalServer, first);
        Assert.Contains("ok", first);
    }

    [Fact]
    public async Task Apply_Latency_WaitsOnTheInjectedClock()
    {
        var clock = new FakeTimeProvider();
        var faults = new FaultInjector(new ScenarioFaults { LatencyMs = 250 }, clock);
        var call = faults.ApplyAsync(TestContext.Current.CancellationToken);
        Assert.False(call.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(250));
        await call;
    }

    private static async Task<string> Outcome(FaultInjector faults)
    {
        try
        {
            await faults.ApplyAsync(TestContext.Current.CancellationToken);
            return "ok";
        }
        catch (ProtonException e)
        {
            return e.Code;
        }
    }
}
