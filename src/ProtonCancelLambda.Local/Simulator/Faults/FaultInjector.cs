using ProtonCancelLambda.Local.Simulator.Protocol;
using ProtonCancelLambda.Local.Simulator.Scenario;

namespace ProtonCancelLambda.Local.Simulator.Faults;

/// <summary>
/// The scenario's transport faults for Proton calls: added latency, every Nth call throttled, and a seeded
/// share of calls failing with InternalServerException, so a run with the same seed fails the same calls.
/// </summary>
internal sealed class FaultInjector(ScenarioFaults faults, TimeProvider clock)
{
    private readonly Lock _lock = new();
    private readonly Random _random = new(faults.Seed);
    private long _calls;

    public async Task ApplyAsync(CancellationToken cancellationToken)
    {
        if (faults.LatencyMs > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(faults.LatencyMs), clock, cancellationToken).ConfigureAwait(false);
        }

        bool throttle;
        bool serverError;
        lock (_lock)
        {
            _calls++;
            throttle = faults.ThrottleEveryNth > 0 && _calls % faults.ThrottleEveryNth == 0;
            serverError = !throttle && faults.ServerErrorRate > 0 && _random.NextDouble() < faults.ServerErrorRate;
        }

        if (throttle)
        {
            throw new ProtonException(ProtonErrors.Throttling, "Rate exceeded");
        }

        if (serverError)
        {
            throw new ProtonException(ProtonErrors.InternalServer, "Simulated internal server error (scenario serverErrorRate).");
        }
    }
}
