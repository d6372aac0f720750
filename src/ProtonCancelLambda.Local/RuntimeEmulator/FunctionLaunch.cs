namespace ProtonCancelLambda.Local.RuntimeEmulator;

/// <summary>
/// How <see cref="FunctionHost"/> runs the function: this build in-process, or an executable as Lambda runs it
/// (the Native AOT <c>bootstrap</c>, or <c>dotnet bootstrap.dll</c> for the same code run JIT).
/// </summary>
public sealed record FunctionLaunch
{
    private FunctionLaunch()
    {
    }

    /// <summary>The executable; null when the function runs in-process.</summary>
    public string? FileName { get; private init; }

    public IReadOnlyList<string> Arguments { get; private init; } = [];

    /// <summary>
    /// A command the executable runs under, with the executable and its arguments after its own (for example
    /// <c>qemu-aarch64</c>, to run an arm64 bootstrap on an x64 machine); empty: the executable runs itself.
    /// </summary>
    public IReadOnlyList<string> Launcher { get; init; } = [];

    /// <summary>Variables set over the function's own: what a launcher needs, or what one build runs with.</summary>
    public IReadOnlyDictionary<string, string> Variables { get; init; } = new Dictionary<string, string>();

    /// <summary>The in-process function's time; null: the real one. An executable always has the real one.</summary>
    public TimeProvider? Clock { get; private init; }

    /// <summary>This build's function in-process (fast, debuggable).</summary>
    public static FunctionLaunch InProcess(TimeProvider? clock = null) => new() { Clock = clock };

    public static FunctionLaunch Executable(string fileName, params IReadOnlyList<string> arguments) =>
        new() { FileName = fileName, Arguments = arguments };

    /// <summary>The function's IL under the <c>dotnet</c> host: the same code as the AOT bootstrap, run JIT.</summary>
    public static FunctionLaunch Jit(string bootstrapDll) => Executable("dotnet", Path.GetFullPath(bootstrapDll));
}
