using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

// Short in-process job: the function project is RID-specific (linux-x64, AOT), which a generated benchmark
// project would have to mirror; in-process needs no second build and keeps the run to a minute or two.
var config = DefaultConfig.Instance
    .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance))
    .AddDiagnoser(MemoryDiagnoser.Default);
BenchmarkSwitcher.FromAssembly(typeof(ProtonCancelLambda.Benchmarks.RequestParsingBenchmarks).Assembly).Run(args, config);
