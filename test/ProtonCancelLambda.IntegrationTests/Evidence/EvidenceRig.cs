using System.Text;
using ProtonCancelLambda.IntegrationTests.Infrastructure;
using ProtonCancelLambda.Local.RuntimeEmulator;
using ProtonCancelLambda.Local.Simulator;
using ProtonCancelLambda.Local.Simulator.Scenario;
using ProtonCancelLambda.Local.Simulator.Signing;

namespace ProtonCancelLambda.IntegrationTests.Evidence;

/// <summary>
/// The published AOT <c>bootstrap</c> under the Runtime API emulator, talking to a Proton simulator (and its
/// SNS sink). Unlike <see cref="FunctionHarness"/> the function process can be killed and started again on
/// the same emulator, as Lambda replaces a crashed execution environment.
/// </summary>
public sealed class EvidenceRig : IAsyncDisposable
{
    private readonly RuntimeApiEmulator _emulator;
    private readonly string _bootstrap;
    private readonly Dictionary<string, string> _environment;
    private readonly StreamWriter _log;
    private bool _hostDisposed;

    private EvidenceRig(ProtonSimulator simulator, RuntimeApiEmulator emulator, string bootstrap, Dictionary<string, string> environment, StreamWriter log)
    {
        Simulator = simulator;
        _emulator = emulator;
        _bootstrap = bootstrap;
        _environment = environment;
        _log = log;
        Host = Start();
    }

    public ProtonSimulator Simulator { get; }

    public FunctionHost Host { get; private set; }

    public static async Task<EvidenceRig> StartAsync(string name, PublishedBootstrap bootstrap, SimulationScenario scenario, IReadOnlyDictionary<string, string> environment)
    {
        var variables = new Dictionary<string, string>(FunctionHarness.BaseEnvironment);
        foreach (var (key, value) in environment)
        {
            variables[key] = value;
        }

        // Lambda sets the function's name; with it the function passes its trace header on, as the AWS SDKs do.
        variables.TryAdd("AWS_LAMBDA_FUNCTION_NAME", "ProtonCancelFunction");

        // INFO keeps the per-scenario log readable (DEBUG logs every poll) and the pipes cheap under load.
        variables["AWS_LAMBDA_LOG_LEVEL"] = "INFO";
        var simulator = await ProtonSimulator.StartAsync(new SimulatorOptions
        {
            Scenario = scenario,
            Credentials = SimulatorCredentials.DefaultAnd(variables["AWS_ACCESS_KEY_ID"], variables["AWS_SECRET_ACCESS_KEY"]),
        });
        variables.TryAdd("AWS_ENDPOINT_URL_PROTON", simulator.Endpoint.ToString());
        variables.TryAdd("AWS_ENDPOINT_URL_SNS", simulator.Endpoint.ToString());
        var emulator = await RuntimeApiEmulator.StartAsync();

        // The function's log goes to a file per scenario: the evidence when a scenario fails.
        var logPath = EvidenceSummary.PathFor(name + ".log");
        var log = new StreamWriter(logPath, append: false, Encoding.UTF8) { AutoFlush = true };
        return new EvidenceRig(simulator, emulator, await bootstrap.GetPathAsync(), variables, log);
    }

    public Task<InvocationResult> InvokeAsync(string payload, TimeSpan timeout, string? traceId = null)
    {
        var request = new InvocationRequest(Encoding.UTF8.GetBytes(payload)) { Timeout = timeout };
        return _emulator.InvokeAsync(traceId is null ? request : request with { TraceId = traceId });
    }

    /// <summary>SIGKILL, as when Lambda's sandbox dies: no response, nothing flushed.</summary>
    public async Task KillAsync()
    {
        // FunctionHost.DisposeAsync kills the process tree; it must run once per host.
        if (!_hostDisposed)
        {
            _hostDisposed = true;
            await Host.DisposeAsync();
        }
    }

    /// <summary>A fresh process on the same emulator (after a kill or a crash).</summary>
    public async Task RestartAsync()
    {
        await KillAsync();
        Host = Start();
        _hostDisposed = false;
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        await _emulator.DisposeAsync();
        await Simulator.DisposeAsync();
        await _log.DisposeAsync();
    }

    private FunctionHost Start() => FunctionHost.StartExecutable(_bootstrap, _emulator, _environment, TextWriter.Synchronized(_log));
}
