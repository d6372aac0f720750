using System.Globalization;
using System.Text;
using ProtonCancelLambda.Local.Commands;
using ProtonCancelLambda.Local.EventSource;
using ProtonCancelLambda.Local.RuntimeEmulator;

namespace ProtonCancelLambda.Bench;

/// <summary>
/// Issue 22: a mass rollback on the local fleet (bench/mass-rollback.sh). Prints the numbers, writes them as one
/// JSON object (<see cref="MassRollbackResult"/>), and with a plot path the timeline as a gnuplot PNG.
/// </summary>
internal static class MassRollbackBench
{
    public static async Task<int> RunAsync(MassRollbackOptions options, CancellationToken cancellationToken)
    {
        var run = options.ToRun();
        var output = options.Json;
        if (options.DryRun)
        {
            Console.WriteLine($"{Pacing(run.Budget, run.Table is not null)}; bound {run.BoundSeconds:0.#} s");
            Console.WriteLine($"json: {output}");
            return 0;
        }

        if (!File.Exists(options.Bootstrap))
        {
            Console.Error.WriteLine($"mass-rollback: no bootstrap at {options.Bootstrap} (--aot).");
            return 2;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        Console.Error.WriteLine($"mass rollback: {run.Requests} requests, MaximumConcurrency {run.MaximumConcurrency}, speed {run.Speed}, {Pacing(run.Budget, run.Table is not null)}, bound {run.BoundSeconds:0.#} s...");
        await using var log = new StreamWriter(Path.ChangeExtension(output, ".log"), append: false, Encoding.UTF8) { AutoFlush = true };
        var result = await run.RunAsync(FunctionLaunch.Executable(options.Bootstrap), TemplateRules.FromRepository(RepoFiles.Root), TextWriter.Synchronized(log), TimeSpan.FromMinutes(30), cancellationToken);
        await File.WriteAllTextAsync(output, BenchReport.Stamped(result.ToJson(), [new BinaryStamp("AOT bootstrap", options.Bootstrap)]), cancellationToken);

        Console.WriteLine($"requests {result.Requests}, MaximumConcurrency {result.MaximumConcurrency}, GetEnvironment {result.GetEnvironmentPerSecond}/s, Cancel {result.CancelPerSecond}/s, settle {result.SettleSeconds} s, speed {result.Speed}");
        Console.WriteLine($"{Pacing(result.Budget, result.IdempotencyTable)}{(result.BudgetItems is { } items ? $"; {items} budget window items in the table after the run" : string.Empty)}");
        Console.WriteLine($"last outcome {result.LastOutcomeSeconds} s (bound {result.BoundSeconds:0.#} s, ratio {(result.LastOutcomeSeconds ?? double.NaN) / result.BoundSeconds:0.00}); finished {result.Finished}");
        Console.WriteLine($"outcomes {string.Join(", ", result.Outcomes.Select(o => $"{o.Key} {o.Value}"))}; duplicates {result.Duplicates}; lost {result.Lost}; DLQ {result.DeadLettered}");
        Console.WriteLine($"Proton calls {string.Join(", ", result.ProtonCalls.Select(c => $"{c.Key} {c.Value} ({result.ProtonThrottles[c.Key]} throttled)"))}; throttled share {result.ThrottledShare:P1}");
        Console.WriteLine($"invocations {result.Invocations}, failed records {result.FailedRecords}, cold starts {result.ColdStarts}, billed {result.BilledGbSeconds} GB-s (real time at speed {result.Speed})");
        Console.WriteLine($"json: {output}");
        if (options.PlotPath is { } plot)
        {
            await MassRollbackPlot.DrawAsync(result, plot);
            Console.WriteLine($"plot: {plot}");
        }

        return result.Finished ? 0 : 1;
    }

    /// <summary>The run's budget and table in words, as the output and the plot's title say them.</summary>
    internal static string Pacing(ProtonBudget? budget, bool table) =>
        (budget is null ? "no Proton budget (unpaced)" : string.Create(CultureInfo.InvariantCulture, $"Proton budget GetEnvironment {budget.GetEnvironmentPerSecond}/s, Cancel {budget.CancelPerSecond}/s"))
        + (table ? ", idempotency table on" : ", no idempotency table");
}
