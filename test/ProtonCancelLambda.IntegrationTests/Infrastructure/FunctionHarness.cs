using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using ProtonCancelLambda.Local.RuntimeEmulator;
using ProtonCancelLambda.Local.Simulator;
using ProtonCancelLambda.Local.Simulator.Scenario;
using ProtonCancelLambda.Local.Simulator.Signing;

namespace ProtonCancelLambda.IntegrationTests.Infrastructure;

/// <summary>
/// The Runtime API emulator plus the function attached to it, with the function's log lines captured, and a
/// Proton simulator (with its SNS sink) that the function talks to unless the environment names other
/// endpoints.
/// </summary>
public sealed class FunctionHarness : IAsyncDisposable
{
    public const string TopicArn = "arn:aws:sns:us-east-1:123456789012:proton-cancel-outcomes";

    public static readonly IReadOnlyDictionary<string, string> BaseEnvironment = new Dictionary<string, string>
    {
        ["OUTCOME_TOPIC_ARN"] = TopicArn,
        ["AWS_REGION"] = "us-east-1",
        ["AWS_ACCESS_KEY_ID"] = "test",
        ["AWS_SECRET_ACCESS_KEY"] = "test",
        ["AWS_LAMBDA_LOG_FORMAT"] = "JSON",
        ["AWS_LAMBDA_LOG_LEVEL"] = "DEBUG",
    };

    private readonly LineCollector _log;

    private FunctionHarness(ProtonSimulator simulator, RuntimeApiEmulator emulator, FunctionHost host, LineCollector log)
    {
        Simulator = simulator;
        Emulator = emulator;
        Host = host;
        _log = log;
    }

    public ProtonSimulator Simulator { get; }

    public RuntimeApiEmulator Emulator { get; }

    public FunctionHost Host { get; }

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
        var executable = await ExecutableAsync(mode, bootstrap);
        var variables = new Dictionary<string, string>(environment);
        var accessKeyId = variables.GetValueOrDefault("AWS_ACCESS_KEY_ID", "test");
        var secret = variables.GetValueOrDefault("AWS_SECRET_ACCESS_KEY", "test");
        var simulator = await ProtonSimulator.StartAsync(new SimulatorOptions
        {
            Scenario = scenario,
            Credentials = SimulatorCredentials.DefaultAnd(accessKeyId, secret),
            SigningClock = simulatorSigningClock ?? TimeProvider.System,
        });
        variables.TryAdd("AWS_ENDPOINT_URL_PROTON", simulator.Endpoint.ToString());
        variables.TryAdd("AWS_ENDPOINT_URL_SNS", simulator.Endpoint.ToString());

        var emulator = await RuntimeApiEmulator.StartAsync();
        var log = new LineCollector();
        FunctionHost host;
        if (executable is var (path, launcher, launcherEnvironment))
        {
            foreach (var (name, value) in launcherEnvironment)
            {
                variables[name] = value;
            }

            host = FunctionHost.StartExecutable(path, emulator, variables, log, launcher);
        }
        else
        {
            host = FunctionHost.StartInProcess(emulator, variables, log);
        }

        return new FunctionHarness(simulator, emulator, host, log);
    }

    private static async Task<(string Path, IReadOnlyList<string>? Launcher, IReadOnlyDictionary<string, string> Environment)?> ExecutableAsync(
        FunctionMode mode, PublishedBootstrap bootstrap)
    {
        switch (mode)
        {
            case FunctionMode.Aot:
                return (await bootstrap.GetPathAsync(FunctionArchitecture.X64), null, new Dictionary<string, string>());
            case FunctionMode.AotArm64:
                var (launcher, environment) = Arm64Emulation.RequireRunner();
                return (await bootstrap.GetPathAsync(FunctionArchitecture.Arm64), launcher, environment);
            default:
                return null;
        }
    }

    /// <summary>The outcome notifications the simulator's SNS sink received, parsed.</summary>
    public IReadOnlyList<JsonElement> Outcomes => Simulator.SnsMessages
        .Select(message => OutcomeSchema.AssertValid(JsonDocument.Parse(message.Message).RootElement.Clone()))
        .ToList();

    /// <summary>Invokes with an SQS event whose records carry these bodies (message ids m-1, m-2, ...).</summary>
    public Task<InvocationResult> InvokeSqsAsync(params string?[] bodies) =>
        InvokeAsync(SqsEvents.Batch(bodies.Select((body, i) => SqsEvents.Record($"m-{i + 1}", body)).ToArray()));

    public Task<InvocationResult> InvokeAsync(string json, TimeSpan? timeout = null, string? traceId = null)
    {
        var request = new InvocationRequest(Encoding.UTF8.GetBytes(json)) { Timeout = timeout ?? TimeSpan.FromSeconds(30) };
        if (traceId is not null)
        {
            request = request with { TraceId = traceId };
        }

        return Emulator.InvokeAsync(request).WaitAsync(TimeSpan.FromSeconds(60));
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Emulator.DisposeAsync();
        await Simulator.DisposeAsync();
    }

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
