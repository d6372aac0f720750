using System.Diagnostics;
using ProtonCancelLambda.Local.Rig;
using ProtonCancelLambda.Local.Services;
using ProtonCancelLambda.Local.Simulator;

namespace ProtonCancelLambda.Bench;

/// <summary>
/// Process start to the answer of a first invocation that is a continuation: one GetEnvironment on a deployment
/// that is still settling, then one SendMessage to a moto SQS queue (the hand-over). This is the invocation
/// whose cold start pays for the SQS client, so it decides how that client is built.
/// </summary>
internal static class ContinuationColdStartBench
{
    public static async Task<IReadOnlyList<double>> MeasureAsync(FunctionBuild build, int runs) =>
        (await MeasureInterleavedAsync([build], runs))[0];

    /// <summary>Runs of each build taken in turn, so load from elsewhere on the machine hits every build alike.</summary>
    public static async Task<IReadOnlyList<IReadOnlyList<double>>> MeasureInterleavedAsync(IReadOnlyList<FunctionBuild> builds, int runs)
    {
        using var queue = await MotoRequestQueue.StartAsync();
        await using var simulator = await AwsSimulator.StartAsync(new SimulatorOptions { Scenario = WatchedEnvironment.Scenario });
        var samples = builds.Select(_ => new List<double>(runs)).ToList();

        // One untimed run of each first: the first start of a binary also reads it from disk into the page cache.
        for (var run = -1; run < runs; run++)
        {
            for (var b = 0; b < builds.Count; b++)
            {
                var elapsed = await OnceAsync(simulator, queue, builds[b], run);
                if (run >= 0)
                {
                    samples[b].Add(elapsed.TotalMilliseconds);
                }
            }
        }

        return samples;
    }

    private static async Task<TimeSpan> OnceAsync(AwsSimulator simulator, MotoRequestQueue queue, FunctionBuild build, int run)
    {
        await using var rig = await LocalRig.StartAsync(new LocalRigOptions { SharedSimulator = simulator, Variables = FunctionVariables.DefaultsWith(queue.Variables) });
        // The emulator's own first-request cost is paid before the clock starts, as in ColdStartBench.
        await ColdStartBench.WarmUpAsync(rig.Emulator);
        var payload = SqsEvents.SentNow([($"cont-{run + 1}", WatchedEnvironment.ContinuationBody($"cont-{run + 1}"))]);
        var invocation = rig.InvokeAsync(payload);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var stopwatch = Stopwatch.StartNew();
        rig.StartFunction(build.Launch);
        var result = await invocation.WaitAsync(timeout.Token);
        var elapsed = stopwatch.Elapsed;
        if (result.IsError || !result.BodyText.Contains("\"batchItemFailures\":[]", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The continuation invocation failed: {result.BodyText}");
        }

        return elapsed;
    }
}
