using ProtonCancelLambda.Local.Simulator.Scenario;
using ProtonCancelLambda.Local.Simulator.Signing;

namespace ProtonCancelLambda.Local.Simulator;

public sealed record SimulatorOptions
{
    /// <summary>The port on 127.0.0.1; 0 picks a free one (read it back from the simulator's Endpoint).</summary>
    public int Port { get; init; }

    /// <summary>Null: every environment asked for exists, IN_PROGRESS, and settles CANCELLED 2 s after a cancel.</summary>
    public SimulationScenario? Scenario { get; init; }

    /// <summary>Drives every scenario time (settling, completion, latency); a FakeTimeProvider makes tests instant.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>
    /// Checks the SigV4 signing time against this clock (15 minutes skew allowed). Kept apart from
    /// <see cref="Clock"/> because clients sign with the real time even when the scenario runs on a fake one.
    /// </summary>
    public TimeProvider SigningClock { get; init; } = TimeProvider.System;

    public SimulatorCredentials Credentials { get; init; } = SimulatorCredentials.Default;

    /// <summary>Where one line per request is written; null: silent.</summary>
    public TextWriter? Output { get; init; }
}
