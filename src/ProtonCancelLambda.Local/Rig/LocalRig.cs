using ProtonCancelLambda.Configuration;
using ProtonCancelLambda.Local.RuntimeEmulator;
using ProtonCancelLambda.Local.Services;
using ProtonCancelLambda.Local.Simulator;
using ProtonCancelLambda.Local.Simulator.Signing;

namespace ProtonCancelLambda.Local.Rig;

/// <summary>
/// The function on this machine as Lambda would run it: a Proton simulator (with its SNS sink and request
/// queue) for it to call, the Runtime API emulator to serve it events, and the function itself, started apart
/// (<see cref="StartFunction"/>) so that a caller can queue an invocation or change a variable first, and
/// restarted on the same emulator as Lambda replaces a crashed execution environment.
/// </summary>
public sealed class LocalRig : IAsyncDisposable
{
    private readonly LocalRigOptions _options;
    private readonly Dictionary<string, string> _variables;
    private FunctionLaunch? _launch;
    private FunctionHost? _host;
    private bool _running;

    private LocalRig(LocalRigOptions options, AwsSimulator simulator, RuntimeApiEmulator emulator, Dictionary<string, string> variables)
    {
        (_options, Simulator, Emulator, _variables) = (options, simulator, emulator, variables);
    }

    public AwsSimulator Simulator { get; }

    public RuntimeApiEmulator Emulator { get; }

    /// <summary>The function's variables; what is changed here before <see cref="StartFunction"/> is what it runs with.</summary>
    public IDictionary<string, string> Variables => _variables;

    /// <summary>The function last started (still there, exited, after it is stopped).</summary>
    public FunctionHost Host => _host ?? throw new InvalidOperationException("The function is not started: call StartFunction first.");

    public static async Task<LocalRig> StartAsync(LocalRigOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var variables = new Dictionary<string, string>(options.Variables, StringComparer.Ordinal);
        var simulator = options.SharedSimulator;
        if (simulator is null)
        {
            var credentials = SimulatorCredentials.DefaultAnd(
                variables.GetValueOrDefault("AWS_ACCESS_KEY_ID", "test"), variables.GetValueOrDefault("AWS_SECRET_ACCESS_KEY", "test"));
            simulator = await AwsSimulator.StartAsync(options.Simulator with { Credentials = credentials }, cancellationToken).ConfigureAwait(false);
        }

        variables.TryAdd(SettingNames.EndpointUrlProton, simulator.Endpoint.ToString());
        variables.TryAdd(SettingNames.EndpointUrlSns, simulator.Endpoint.ToString());
        try
        {
            var emulator = await RuntimeApiEmulator.StartAsync(options.EmulatorClock, cancellationToken).ConfigureAwait(false);
            return new LocalRig(options, simulator, emulator, variables);
        }
        catch when (options.SharedSimulator is null)
        {
            await simulator.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Starts the function as <paramref name="launch"/> says, with <see cref="Variables"/>.</summary>
    public FunctionHost StartFunction(FunctionLaunch launch)
    {
        if (_running)
        {
            throw new InvalidOperationException("The function is already started: stop it first, or restart it.");
        }

        _launch = launch;
        // The host copies the variables as it starts: nothing else is done between here and the launch, which a
        // cold start benchmark times.
        _host = FunctionHost.Start(launch, Emulator, _variables, _options.Log);
        _running = true;
        return _host;
    }

    /// <summary>Stops the function: SIGKILL for a process, as when Lambda's sandbox dies (no response, nothing flushed).</summary>
    public async Task StopFunctionAsync()
    {
        // FunctionHost.DisposeAsync kills the process tree; it must run once per host.
        if (_running && _host is { } host)
        {
            _running = false;
            await host.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>A fresh function on the same emulator, launched as before (after a kill or a crash).</summary>
    public async Task<FunctionHost> RestartFunctionAsync()
    {
        var launch = _launch ?? throw new InvalidOperationException("The function was never started.");
        await StopFunctionAsync().ConfigureAwait(false);
        return StartFunction(launch);
    }

    /// <summary>
    /// Queues one invocation; it completes with the function's answer (or the emulator's timeout error). Without
    /// <paramref name="timeout"/> the function gets the emulator's default; without <paramref name="traceId"/>, its sample trace header.
    /// </summary>
    public Task<InvocationResult> InvokeAsync(byte[] payload, TimeSpan? timeout = null, string? traceId = null, CancellationToken cancellationToken = default)
    {
        var request = new InvocationRequest(payload);
        if (timeout is { } given)
        {
            request = request with { Timeout = given };
        }

        if (traceId is not null)
        {
            request = request with { TraceId = traceId };
        }

        return Emulator.InvokeAsync(request, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await StopFunctionAsync().ConfigureAwait(false);
        await Emulator.DisposeAsync().ConfigureAwait(false);
        if (_options.SharedSimulator is null)
        {
            await Simulator.DisposeAsync().ConfigureAwait(false);
        }

        if (_options.DisposeLog)
        {
            await _options.Log.DisposeAsync().ConfigureAwait(false);
        }
    }
}
