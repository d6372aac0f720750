using System.Globalization;
using ProtonCancelLambda.Local.EventSource;

namespace ProtonCancelLambda.Bench;

/// <summary>
/// One mass rollback drawn by gnuplot (Debian's gnuplot-nox): outcomes settled over time against the fastest the
/// cancel rate allows and the bound, and Proton calls and throttled calls per second against the rate limit.
/// </summary>
internal static class MassRollbackPlot
{
    public static async Task DrawAsync(MassRollbackResult result, string png)
    {
        var data = Path.ChangeExtension(png, ".dat");
        var limit = result.GetEnvironmentPerSecond + result.CancelPerSecond;
        var budget = result.Budget is { } b ? b.GetEnvironmentPerSecond + b.CancelPerSecond : double.NaN;
        var lines = result.Timeline.Select(s => string.Create(CultureInfo.InvariantCulture,
            $"{s.Second} {s.OutcomesSoFar} {s.ProtonThrottles} {s.ProtonCalls} {Math.Min(result.Requests, Math.Max(0, (result.CancelPerSecond * (s.Second + 1 - result.SettleSeconds)) + result.CancelPerSecond))} {limit}"));
        // The budget's line only where it differs from the limit's (a budget set too high, say).
        var budgetPlot = double.IsNaN(budget) || budget == limit
            ? string.Empty
            : string.Create(CultureInfo.InvariantCulture, $", \\\n     {budget} axes x1y2 with lines dt 4 lc rgb \"#ff7f0e\" title \"Proton budget (Get + Cancel)/s\"");
        await File.WriteAllLinesAsync(data, lines);
        var script = string.Create(CultureInfo.InvariantCulture, $"""
            set terminal pngcairo size 900,500 font ",10"
            set output '{png}'
            set title "Mass rollback: {result.Requests} requests, MaximumConcurrency {result.MaximumConcurrency}, GetEnvironment {result.GetEnvironmentPerSecond}/s, Cancel {result.CancelPerSecond}/s, settle {result.SettleSeconds} s\n{MassRollbackBench.Pacing(result.Budget, result.IdempotencyTable)}"
            set xlabel "seconds since the requests were enqueued"
            set ylabel "outcomes settled"
            set y2label "Proton calls per second"
            set ytics nomirror
            set y2tics
            set yrange [0:*]
            set y2range [0:*]
            set key outside bottom center horizontal
            set arrow from {result.BoundSeconds},graph 0 to {result.BoundSeconds},graph 1 nohead dt 2 lc rgb "gray40"
            set label "rate-limit bound {result.BoundSeconds:0} s" at {result.BoundSeconds},graph 0.9 offset 1,0
            plot '{data}' using 1:2 with lines lw 2 lc rgb "#1f77b4" title "outcomes settled", \
                 '{data}' using 1:5 with lines dt 3 lw 2 lc rgb "gray40" title "fastest the cancel rate allows", \
                 '{data}' using 1:4 axes x1y2 with impulses lc rgb "#bbbbbb" title "Proton calls/s", \
                 '{data}' using 1:3 axes x1y2 with impulses lw 2 lc rgb "#d62728" title "throttled calls/s", \
                 '{data}' using 1:6 axes x1y2 with lines dt 2 lc rgb "#2ca02c" title "rate limit (Get + Cancel)/s"{budgetPlot}
            """);
        var scriptPath = Path.ChangeExtension(png, ".gp");
        await File.WriteAllTextAsync(scriptPath, script);
        using var gnuplot = System.Diagnostics.Process.Start("gnuplot", scriptPath);
        await gnuplot.WaitForExitAsync();
        File.Delete(scriptPath);
        File.Delete(data);
        if (gnuplot.ExitCode != 0)
        {
            throw new InvalidOperationException($"gnuplot exited with {gnuplot.ExitCode} drawing {png}.");
        }
    }
}
