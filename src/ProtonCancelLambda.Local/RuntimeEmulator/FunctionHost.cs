using System.Diagnostics;
using ProtonCancelLambda.Configuration;

namespace ProtonCancelLambda.Local.RuntimeEmulator;

/// <summary>
/// A running function attached to an emulator: either this build's function in-process (fast, debuggable)
/// or an executable as a child process (the published Native AOT <c>bootstrap</c>, what Lambda runs; or a JIT build).
/// </summary>
public sealed class FunctionHost : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly Process? _process;

    private readonly RuntimeApiEmulator _emulator;
    private readonly DateTimeOffset _startedAt;

    private FunctionHost(RuntimeApiEmulator emulator, Task<int> exited, CancellationTokenSource stop, Process? process)
    {
        _emulator = emulator;
        _startedAt = emulator.Now;
        Exited = exited;
        _stop = stop;
        _process = process;

        // Lambda stops a runtime whose invocation timed out; so does the host, so the next event needs a new one.
        emulator.InvocationTimedOut += OnInvocationTimedOut;
    }

    /// <summary>The exit code, once the function stops (init error, fatal Runtime API error, or disposal).</summary>
    public Task<int> Exited { get; }

    /// <summary>
    /// Starts the function as <paramref name="launch"/> says, with <paramref name="environment"/> and the launch's
    /// own variables over it, attached to <paramref name="emulator"/>; its log lines go to <paramref name="log"/>.
    /// </summary>
    public static FunctionHost Start(FunctionLaunch launch, RuntimeApiEmulator emulator, IReadOnlyDictionary<string, string> environment, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(launch);
        ArgumentNullException.ThrowIfNull(emulator);
        return launch.FileName is { } fileName
            ? StartExecutable(fileName, launch, emulator, environment, log)
            : StartInProcess(launch, emulator, environment, log);
    }

    private static FunctionHost StartInProcess(FunctionLaunch launch, RuntimeApiEmulator emulator, IReadOnlyDictionary<string, string> environment, TextWriter log)
    {
        var variables = new Dictionary<string, string>(environment, StringComparer.Ordinal);
        foreach (var (name, value) in launch.Variables)
        {
            variables[name] = value;
        }

        variables[SettingNames.RuntimeApi] = emulator.Address;
        var stop = new CancellationTokenSource();
        var exited = Task.Run(() => LambdaFunction.RunAsync(new DictionaryEnvironmentVariables(variables), log, launch.Clock ?? TimeProvider.System, stop.Token));
        return new FunctionHost(emulator, exited, stop, process: null);
    }

    /// <summary>
    /// Runs an executable with only the given variables (plus PATH, HOME and DOTNET_ROOT, which the <c>dotnet</c>
    /// host of a JIT build needs), as Lambda would.
    /// </summary>
    private static FunctionHost StartExecutable(string fileName, FunctionLaunch launch, RuntimeApiEmulator emulator, IReadOnlyDictionary<string, string> environment, TextWriter log)
    {
        string[] commandLine = [.. launch.Launcher, fileName, .. launch.Arguments];
        var info = new ProcessStartInfo(commandLine[0])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in commandLine.Skip(1))
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment.Clear();
        foreach (var name in new[] { "PATH", "HOME", "DOTNET_ROOT" })
        {
            if (Environment.GetEnvironmentVariable(name) is { } inherited)
            {
                info.Environment[name] = inherited;
            }
        }

        foreach (var (name, value) in environment.Concat(launch.Variables))
        {
            info.Environment[name] = value;
        }

        info.Environment[SettingNames.RuntimeApi] = emulator.Address;
        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var synchronizedLog = TextWriter.Synchronized(log);
        process.OutputDataReceived += (_, e) => WriteLine(synchronizedLog, e.Data);
        process.ErrorDataReceived += (_, e) => WriteLine(synchronizedLog, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var exited = WaitForExitAsync(process);
        return new FunctionHost(emulator, exited, new CancellationTokenSource(), process);
    }

    /// <summary>The function's process id; null when it runs in-process.</summary>
    public int? ProcessId => _process?.Id;

    /// <summary>True once the host stopped its function because an invocation timed out.</summary>
    public bool StoppedForTimeout { get; private set; }

    public async ValueTask DisposeAsync()
    {
        _emulator.InvocationTimedOut -= OnInvocationTimedOut;
        await _stop.CancelAsync().ConfigureAwait(false);
        Kill();

        try
        {
            await Exited.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Nothing more to do: the process was killed or the in-process loop ignored cancellation.
        }
        catch (OperationCanceledException)
        {
            // The in-process function was stopped in the middle of a Runtime API call: that is disposal.
        }

        _process?.Dispose();
        _stop.Dispose();
    }

    private void OnInvocationTimedOut(object? sender, InvocationTimeout timeout)
    {
        // An invocation taken before this host started belonged to a runtime that is gone (killed, crashed).
        if (timeout.ServedAt < _startedAt)
        {
            return;
        }

        StoppedForTimeout = true;
        try
        {
            _stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Disposed at the same moment: the function is being stopped anyway.
        }

        Kill();
    }

    private void Kill()
    {
        try
        {
            if (_process is { HasExited: false })
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
    }

    private static async Task<int> WaitForExitAsync(Process process)
    {
        await process.WaitForExitAsync().ConfigureAwait(false);
        return process.ExitCode;
    }

    private static void WriteLine(TextWriter log, string? line)
    {
        if (line is not null)
        {
            log.WriteLine(line);
        }
    }
}
