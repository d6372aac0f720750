using ProtonCancelLambda.Local.Services;
using ProtonCancelLambda.Local.Simulator;

namespace ProtonCancelLambda.Local.Rig;

/// <summary>What <see cref="LocalRig.StartAsync"/> assembles.</summary>
public sealed record LocalRigOptions
{
    /// <summary>
    /// The simulator the rig starts (and stops). Its credentials are widened to accept the keys in
    /// <see cref="Variables"/>, which the function signs with.
    /// </summary>
    public SimulatorOptions Simulator { get; init; } = new();

    /// <summary>
    /// An already running simulator to use instead of starting one; the rig leaves it running (a benchmark
    /// shares one across many cold starts).
    /// </summary>
    public AwsSimulator? SharedSimulator { get; init; }

    /// <summary>
    /// The function's variables, complete: the rig only adds the simulator's Proton and SNS endpoints when they
    /// are not set. Leave a setting out here to run the function without it.
    /// </summary>
    public IReadOnlyDictionary<string, string> Variables { get; init; } = FunctionVariables.Defaults;

    /// <summary>The Runtime API emulator's time (invocation deadlines); null: the real one.</summary>
    public TimeProvider? EmulatorClock { get; init; }

    /// <summary>Where the function's log lines go.</summary>
    public TextWriter Log { get; init; } = TextWriter.Null;

    /// <summary>True: the rig disposes <see cref="Log"/> last, when it is disposed (a file opened for this run).</summary>
    public bool DisposeLog { get; init; }
}
