using ProtonCancelLambda.Local.RuntimeEmulator;

namespace ProtonCancelLambda.Bench;

/// <summary>One build of the function and how the rig starts it: the AOT executable, or the host running the IL.</summary>
internal sealed record FunctionBuild(string Name, FunctionLaunch Launch)
{
    public static FunctionBuild Aot(string bootstrapPath) => new("AOT", FunctionLaunch.Executable(Path.GetFullPath(bootstrapPath)));

    public static FunctionBuild Jit(string bootstrapDll) => new("JIT", FunctionLaunch.Jit(bootstrapDll));

    /// <summary>This build under another name, run with <paramref name="variables"/> on top of the benchmark's (an idempotency table, say).</summary>
    public FunctionBuild With(string name, IReadOnlyDictionary<string, string> variables) =>
        new(name, Launch with { Variables = variables });
}
