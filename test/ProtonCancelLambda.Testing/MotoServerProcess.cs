using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace ProtonCancelLambda.Testing;

/// <summary>
/// <c>moto_server</c> on a free 127.0.0.1 port, started through moto_server_atomic.py (DynamoDB's conditional
/// writes made atomic, as the real service makes them) on the interpreter moto_server itself runs on; stopped
/// on disposal. The integration tests' fixture and the benchmarks both start moto this way.
/// </summary>
public sealed class MotoServerProcess : IDisposable
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private MotoServerProcess(Process process, Uri endpoint)
    {
        _process = process;
        Endpoint = endpoint;
        _process.OutputDataReceived += (_, e) => AppendLog(e.Data);
        _process.ErrorDataReceived += (_, e) => AppendLog(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public Uri Endpoint { get; }

    /// <summary>What moto_server printed so far, for a failure's message.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>
    /// Starts moto_server from PATH with <paramref name="environment"/> added to its own, and waits until it answers.
    /// Throws <see cref="InvalidOperationException"/> when it is missing or exits, <see cref="TimeoutException"/>
    /// when it does not answer within 30 s; either message ends with moto's output.
    /// </summary>
    public static async Task<MotoServerProcess> StartAsync(IReadOnlyDictionary<string, string>? environment = null)
    {
        var motoServer = ToolPath.Find("moto_server") ?? throw new InvalidOperationException("moto_server is not on PATH.");
        var port = FreeTcpPort.Next();
        var python = PythonOf(motoServer);
        var info = new ProcessStartInfo(python ?? motoServer) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (python is not null)
        {
            info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "moto_server_atomic.py"));
        }

        foreach (var argument in new[] { "-H", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        var moto = new MotoServerProcess(Process.Start(info) ?? throw new InvalidOperationException("moto_server did not start."), new Uri($"http://127.0.0.1:{port}/"));
        try
        {
            await moto.WaitUntilAnsweringAsync().ConfigureAwait(false);
            return moto;
        }
        catch
        {
            moto.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(TimeSpan.FromSeconds(10));
        }

        _process.Dispose();
    }

    /// <summary>
    /// The interpreter named by moto_server's own #! line when it is a Python script (pip, pipx, a virtualenv),
    /// else python3 on PATH (a pyenv shim, which runs the same Python).
    /// </summary>
    private static string? PythonOf(string motoServer)
    {
        var firstLine = File.ReadLines(motoServer).FirstOrDefault() ?? string.Empty;
        if (firstLine.StartsWith("#!", StringComparison.Ordinal) && firstLine.Contains("python", StringComparison.Ordinal))
        {
            var parts = firstLine[2..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return parts[0].EndsWith("/env", StringComparison.Ordinal) && parts.Length > 1 ? ToolPath.Find(parts[1]) : parts[0];
        }

        return ToolPath.Find("python3");
    }

    private async Task WaitUntilAnsweringAsync()
    {
        // A GET on reset-auth answers 400 without side effects (and without counting as an unauthenticated action).
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < StartLimit)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"moto_server exited with code {_process.ExitCode}.\n{Log}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(Endpoint, "/moto-api/reset-auth")).ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                await Task.Delay(100).ConfigureAwait(false);
            }
        }

        throw new TimeoutException($"moto_server did not answer on {Endpoint} within {StartLimit.TotalSeconds:0} s.\n{Log}");
    }

    private void AppendLog(string? line)
    {
        lock (_log)
        {
            _log.AppendLine(line);
        }
    }
}
