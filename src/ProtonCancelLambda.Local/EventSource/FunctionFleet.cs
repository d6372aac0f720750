using ProtonCancelLambda.Local.Rig;
using ProtonCancelLambda.Local.RuntimeEmulator;
using ProtonCancelLambda.Local.Services;
using ProtonCancelLambda.Local.Simulator;

namespace ProtonCancelLambda.Local.EventSource;

/// <summary>
/// Lambda's execution environments for one function: up to <c>maximum</c> function processes, each with its own
/// Runtime API emulator, all calling one simulated account (one simulator, so one set of rate limits). An
/// environment is started when every running one is busy and kept for later batches, as Lambda reuses warm
/// environments; one that crashed or timed out is replaced by a fresh process.
/// </summary>
public sealed class FunctionFleet(AwsSimulator simulator, IReadOnlyDictionary<string, string> variables, FunctionLaunch launch, TextWriter log, int maximum) : IAsyncDisposable
{
    private readonly List<LocalRig> _all = [];
    private readonly Stack<LocalRig> _idle = new();

    public int Maximum { get; } = maximum;

    /// <summary>Execution environments started so far (each a cold start), replacements included.</summary>
    public int ColdStarts { get; private set; }

    public int Busy { get; private set; }

    public bool HasRoom => _idle.Count > 0 || _all.Count < Maximum;

    /// <summary>An idle environment, or a new one when all are busy and there is room; null when at the maximum.</summary>
    public async Task<LocalRig?> TakeAsync(CancellationToken cancellationToken)
    {
        if (_idle.TryPop(out var idle))
        {
            Busy++;
            return idle;
        }

        if (_all.Count >= Maximum)
        {
            return null;
        }

        var rig = await LocalRig.StartAsync(new LocalRigOptions { SharedSimulator = simulator, Variables = variables, Log = log }, cancellationToken).ConfigureAwait(false);
        rig.StartFunction(launch);
        _all.Add(rig);
        ColdStarts++;
        Busy++;
        return rig;
    }

    /// <summary>Gives an environment back for reuse; after a crash or timeout it is replaced by a fresh process first.</summary>
    public async Task ReturnAsync(LocalRig rig, bool replace)
    {
        if (replace)
        {
            await rig.RestartFunctionAsync().ConfigureAwait(false);
            ColdStarts++;
        }

        Busy--;
        _idle.Push(rig);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var rig in _all)
        {
            await rig.DisposeAsync().ConfigureAwait(false);
        }
    }
}
