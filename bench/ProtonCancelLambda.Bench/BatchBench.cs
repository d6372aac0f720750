using System.Diagnostics;
using ProtonCancelLambda.Local.Rig;

namespace ProtonCancelLambda.Bench;

/// <summary>
/// A 10-record batch whose deployments all settle CANCELLED 2 s after the cancel (the simulator's default):
/// wall time from invoke to the batch response, and the process's peak RSS over its whole life.
/// </summary>
internal static class BatchBench
{
    public sealed record Result(double WallSeconds, long PeakRssBytes, int Outcomes, bool AllCancelled);

    public static async Task<Result> MeasureAsync(FunctionBuild build, int records = 10)
    {
        await using var rig = await LocalRig.StartAsync(new LocalRigOptions());
        var function = rig.StartFunction(build.Launch);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await rig.Emulator.FirstNextRequest.WaitAsync(timeout.Token);

        var payload = SqsEvents.SentNow(Enumerable.Range(1, records).Select(i => ($"m-{i}", Fixtures.CancelBody($"batch-env-{i:00}", $"batch-{i}"))));
        var stopwatch = Stopwatch.StartNew();
        var result = await rig.InvokeAsync(payload, cancellationToken: timeout.Token);
        var wall = stopwatch.Elapsed;
        if (result.IsError)
        {
            throw new InvalidOperationException($"The batch failed: {result.BodyText}");
        }

        var peak = PeakRss.BytesOf(function.ProcessId ?? throw new InvalidOperationException("The function runs in-process."));
        var messages = rig.Simulator.SnsMessages;
        var allCancelled = messages.All(m => m.Message.Contains("\"outcome\":\"CANCELLED\"", StringComparison.Ordinal));
        return new Result(wall.TotalSeconds, peak, messages.Count, allCancelled);
    }
}
