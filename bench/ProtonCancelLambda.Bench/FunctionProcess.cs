using System.Diagnostics;
using System.Globalization;

namespace ProtonCancelLambda.Bench;

/// <summary>
/// The function as a child process (the AOT bootstrap, or <c>dotnet bootstrap.dll</c> for JIT) with only the
/// given variables, as Lambda runs it. Its logs are drained and dropped: writing them to the console would
/// time the terminal, not the function.
/// </summary>
internal sealed class FunctionProcess : IDisposable
{
    private readonly Process _process;

    private FunctionProcess(Process process) => _process = process;

    public static FunctionProcess Start(FunctionBuild build, IReadOnlyDictionary<string, string> environment)
    {
        var info = new ProcessStartInfo(build.FileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in build.Arguments)
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

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {build.FileName}.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new FunctionProcess(process);
    }

    /// <summary>Peak resident set size so far (VmHWM), in bytes; the process must still be running.</summary>
    public long PeakRssBytes()
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                var kilobytes = line["VmHWM:".Length..].Trim().Split(' ')[0];
                return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException("VmHWM not found in /proc status.");
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }

        _process.Dispose();
    }
}

/// <summary>How to start one build of the function: the AOT executable, or the host running the IL.</summary>
internal sealed record FunctionBuild(string Name, string FileName, IReadOnlyList<string> Arguments)
{
    /// <summary>Function variables this build runs with on top of the benchmark's (the idempotency table, for one).</summary>
    public IReadOnlyDictionary<string, string>? Variables { get; init; }

    public static FunctionBuild Aot(string bootstrapPath) => new("AOT", Path.GetFullPath(bootstrapPath), []);

    public static FunctionBuild Jit(string bootstrapDll) => new("JIT", "dotnet", [Path.GetFullPath(bootstrapDll)]);
}
