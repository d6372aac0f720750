using System.Globalization;
using System.Text;
using ProtonCancelLambda.Local.EventSource;
using ProtonCancelLambda.Local.RuntimeEmulator;

namespace ProtonCancelLambda.Bench;

/// <summary>
/// Issue 22: a mass rollback on the local fleet (bench/mass-rollback.sh). Prints the numbers, writes them as one
/// JSON object (<see cref="MassRollbackResult"/>), and with a plot path the timeline as a gnuplot PNG.
/// </summary>
internal static class MassRollbackBench
{
    public static async Task<int> RunAsync(IReadOnlyDictionary<string, string> options)
    {
        var requests = int.Parse(options["--mass-rollback"], CultureInfo.InvariantCulture);
        var concurrency = int.Parse(options.GetValueOrDefault("--max-concurrency", "10"), CultureInfo.InvariantCulture);
        var speed = double.Parse(options.GetValueOrDefault("--speed", "1"), CultureInfo.InvariantCulture);
        var run = new MassRollback(requests, concurrency) { Speed = speed };
        var output = options.GetValueOrDefault("--json") ?? Path.Combine("artifacts", "bench", string.Create(CultureInfo.InvariantCulture, $"mass-rollback-{requests}-c{concurrency}.json"));
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        Console.Error.WriteLine($"mass rollback: {requests} requests, MaximumConcurrency {concurrency}, speed {speed}, bound {run.BoundSeconds:0.#} s...");
        await using var log = new StreamWriter(Path.ChangeExtension(output, ".log"), append: false, Encoding.UTF8) { AutoFlush = true };
        var result = await run.RunAsync(FunctionLaunch.Executable(options["--aot"]), TemplateRules.FromRepository(RepoFiles.Root), TextWriter.Synchronized(log), TimeSpan.FromMinutes(30));
        await File.WriteAllTextAsync(output, BenchReport.Stamped(result.ToJson(), [new BinaryStamp("AOT bootstrap", options["--aot"])]));

        Console.WriteLine($"requests {result.Requests}, MaximumConcurrency {result.MaximumConcurrency}, GetEnvironment {result.GetEnvironmentPerSecond}/s, Cancel {result.CancelPerSecond}/s, settle {result.SettleSeconds} s, speed {result.Speed}");
        Console.WriteLine($"last outcome {result.LastOutcomeSeconds} s (bound {result.BoundSeconds:0.#} s, ratio {(result.LastOutcomeSeconds ?? double.NaN) / result.BoundSeconds:0.00}); finished {result.Finished}");
        Console.WriteLine($"outcomes {string.Join(", ", result.Outcomes.Select(o => $"{o.Key} {o.Value}"))}; duplicates {result.Duplicates}; lost {result.Lost}; DLQ {result.DeadLettered}");
        Console.WriteLine($"Proton calls {string.Join(", ", result.ProtonCalls.Select(c => $"{c.Key} {c.Value} ({result.ProtonThrottles[c.Key]} throttled)"))}; throttled share {result.ThrottledShare:P1}");
        Console.WriteLine($"invocations {result.Invocations}, failed records {result.FailedRecords}, cold starts {result.ColdStarts}, billed {result.BilledGbSeconds} GB-s (real time at speed {result.Speed})");
        Console.WriteLine($"json: {output}");
        if (options.GetValueOrDefault("--plot") is { } plot)
        {
            await PlotAsync(result, plot);
            Console.WriteLine($"plot: {plot}");
        }

        return result.Finished ? 0 : 1;
    }

    /// <summary>Outcomes settled and throttles per second against the bound, drawn by gnuplot (Debian's gnuplot-nox).</summary>
    private static async Task PlotAsync(MassRollbackResult result, string png)
    {
        var data = Path.ChangeExtension(png, ".dat");
        var lines = result.Timeline.Select(s => string.Create(CultureInfo.InvariantCulture,
            $"{s.Second} {s.OutcomesSoFar} {s.ProtonThrottles} {s.ProtonCalls} {Math.Min(result.Requests, Math.Max(0, result.CancelPerSecond * (s.Second + 1 - result.SettleSeconds) + result.CancelPerSecond))}"));
        await File.WriteAllLinesAsync(data, lines);
        var script = string.Create(CultureInfo.InvariantCulture, $"""
            set terminal pngcairo size 900,500 font ",10"
            set output '{png}'
            set title "Mass rollback: {result.Requests} requests, MaximumConcurrency {result.MaximumConcurrency}, GetEnvironment {result.GetEnvironmentPerSecond}/s, Cancel {result.CancelPerSecond}/s, settle {result.SettleSeconds} s"
            set xlabel "seconds since the requests were enqueued"
            set ylabel "outcomes settled"
            set y2label "Proton calls per second"
            set ytics nomirror
            set y2tics
            set key left top
            set arrow from {result.BoundSeconds},graph 0 to {result.BoundSeconds},graph 1 nohead dt 2 lc rgb "gray40"
            set label "rate-limit bound {result.BoundSeconds:0} s" at {result.BoundSeconds},graph 0.95 offset 1,0
            plot '{data}' using 1:2 with lines lw 2 lc rgb "#1f77b4" title "outcomes settled", \
                 '{data}' using 1:5 with lines dt 3 lw 2 lc rgb "gray40" title "fastest the cancel rate allows", \
                 '{data}' using 1:4 axes x1y2 with impulses lc rgb "#bbbbbb" title "Proton calls/s", \
                 '{data}' using 1:3 axes x1y2 with impulses lw 2 lc rgb "#d62728" title "throttled calls/s"
            """);
        var scriptPath = Path.ChangeExtension(png, ".gp");
        await File.WriteAllTextAsync(scriptPath, script);
        using var gnuplot = System.Diagnostics.Process.Start("gnuplot", scriptPath);
        await gnuplot.WaitForExitAsync();
        File.Delete(scriptPath);
        File.Delete(data);
    }
}
