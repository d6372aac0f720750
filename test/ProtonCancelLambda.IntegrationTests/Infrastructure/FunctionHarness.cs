using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using ProtonCancelLambda.Local.Rig;
using ProtonCancelLambda.Local.RuntimeEmulator;
using ProtonCancelLambda.Local.Services;
using ProtonCancelLambda.Local.Simulator;
using ProtonCancelLambda.Local.Simulator.Scenario;

namespace ProtonCancelLambda.IntegrationTests.Infrastructure;

/// <summary>
/// The local rig with the function's log lines captured, in one of the <see cref="FunctionMode"/>s: the
/// Runtime API emulator plus the function attached to it, and a Proton simulator (with its SNS sink) that the
/// function talks to unless the environment names other endpoints.
/// </summary>
public sealed class FunctionHarness : IAsyncDisposable
{
    /// <summary>The rig's defaults, logging JSON at DEBUG so that tests can read every log line.</summary>
    public static readonly IReadOnlyDictionary<string, string> BaseEnvironment = FunctionVariables.DefaultsWith(new Dictionary<string, string>
    {
        ["AWS_LAMBDA_LOG_FORMAT"] = "JSON",
        ["AWS_LAMBDA_LOG_LEVEL"] = "DEBUG",
    });

    private readonly LocalRig _rig;
    private readonly LineCollector _log;

    private FunctionHarness(LocalRig rig, LineCollector log)
    {
        _rig = rig;
        _log = log;
    }

    public AwsSimulator Simulator => _rig.Simulator;

    public RuntimeApiEmulator Emulator => _rig.Emulator;

    public FunctionHost Host => _rig.Host;

    public IReadOnlyList<string> LogLines => _log.Lines;

    /// <summary>The JSON log lines (AWS_LAMBDA_LOG_FORMAT=JSON), parsed.</summary>
    public IReadOnlyList<JsonElement> JsonLogs => _log.Lines
        .Where(line => line.StartsWith('{'))
        .Select(line => JsonDocument.Parse(line).RootElement.Clone())
        .ToList();

    public static async Task<FunctionHarness> StartAsync(
        FunctionMode mode,
        IReadOnlyDictionary<string, string> environment,
        PublishedBootstrap bootstrap,
        SimulationScenario? scenario = null,
        TimeProvider? simulatorSigningClock = null)
    {
        // Before anything starts: a missing arm64 toolchain or emulator skips the test here, leaking nothing.
        var launch = await LaunchAsync(mode, bootstrap);
        var log = new LineCollector();
        var rig = await LocalRig.StartAsync(new LocalRigOptions
        {
            Simulator = new SimulatorOptions { Scenario = scenario, SigningClock = simulatorSigningClock ?? TimeProvider.System },
            Variables = environment,
            Log = log,
        });
        rig.StartFunction(launch);
        return new FunctionHarness(rig, log);
    }

    private static async Task<FunctionLaunch> LaunchAsync(FunctionMode mode, PublishedBootstrap bootstrap)
    {
        switch (mode)
        {
            case FunctionMode.Aot:
                return FunctionLaunch.Executable(await bootstrap.GetPathAsync(FunctionArchitecture.X64));
            case FunctionMode.AotArm64:
                var (launcher, environment) = Arm64Emulation.RequireRunner();
                return FunctionLaunch.Executable(await bootstrap.GetPathAsync(FunctionArchitecture.Arm64)) with { Launcher = launcher ?? [], Variables = environment };
            default:
                return FunctionLaunch.InProcess();
        }
    }

    /// <summary>The outcome notifications the simulator's SNS sink received, parsed.</summary>
    public IReadOnlyList<JsonElement> Outcomes => Simulator.SnsMessages
        .Select(message => OutcomeSchema.AssertValid(JsonDocument.Parse(message.Message).RootElement.Clone()))
        .ToList();

    /// <summary>Invokes with an SQS event whose records carry these bodies (message ids m-1, m-2, ...).</summary>
    public Task<InvocationResult> InvokeSqsAsync(params string?[] bodies) =>
        InvokeAsync(SqsEvents.Batch(bodies.Select((body, i) => SqsEvents.Record($"m-{i + 1}", body)).ToArray()));

    public Task<InvocationResult> InvokeAsync(string json, TimeSpan? timeout = null, string? traceId = null) =>
        _rig.InvokeAsync(Encoding.UTF8.GetBytes(json), timeout ?? TimeSpan.FromSeconds(30), traceId).WaitAsync(TimeSpan.FromSeconds(60));

    public ValueTask DisposeAsync() => _rig.DisposeAsync();

    /// <summary>A TextWriter that keeps whole lines; the function writes from several threads.</summary>
    private sealed class LineCollector : TextWriter
    {
        private readonly ConcurrentQueue<string> _lines = new();
        private readonly StringBuilder _partial = new();
        private readonly Lock _gate = new();

        public IReadOnlyList<string> Lines => _lines.ToList();

        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value)
        {
            lock (_gate)
            {
                if (value == '\n')
                {
                    _lines.Enqueue(_partial.ToString().TrimEnd('\r'));
                    _partial.Clear();
                }
                else
                {
                    _partial.Append(value);
                }
            }
        }

        public override void Write(string? value)
        {
            foreach (var c in value ?? string.Empty)
            {
                Write(c);
            }
        }

        public override void WriteLine(string? value)
        {
            Write(value);
            Write('\n');
        }
    }
}
