using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using ProtonCancelLambda.Local.RuntimeEmulator;

namespace ProtonCancelLambda.IntegrationTests.Infrastructure;

/// <summary>The Runtime API emulator plus the function attached to it, with the function's log lines captured.</summary>
public sealed class FunctionHarness : IAsyncDisposable
{
    private readonly LineCollector _log;

    private FunctionHarness(RuntimeApiEmulator emulator, FunctionHost host, LineCollector log)
    {
        Emulator = emulator;
        Host = host;
        _log = log;
    }

    public RuntimeApiEmulator Emulator { get; }

    public FunctionHost Host { get; }

    public IReadOnlyList<string> LogLines => _log.Lines;

    /// <summary>The JSON log lines (AWS_LAMBDA_LOG_FORMAT=JSON), parsed.</summary>
    public IReadOnlyList<JsonElement> JsonLogs => _log.Lines
        .Where(line => line.StartsWith('{'))
        .Select(line => JsonDocument.Parse(line).RootElement.Clone())
        .ToList();

    public static async Task<FunctionHarness> StartAsync(FunctionMode mode, IReadOnlyDictionary<string, string> environment, PublishedBootstrap bootstrap)
    {
        var emulator = await RuntimeApiEmulator.StartAsync();
        var log = new LineCollector();
        var host = mode == FunctionMode.InProcess
            ? FunctionHost.StartInProcess(emulator, environment, log)
            : FunctionHost.StartExecutable(await bootstrap.GetPathAsync(), emulator, environment, log);
        return new FunctionHarness(emulator, host, log);
    }

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
