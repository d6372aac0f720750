using System.Diagnostics;
using ProtonCancelLambda.Local.RuntimeEmulator;
using ProtonCancelLambda.Local.Simulator;

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
        await using var simulator = await ProtonSimulator.StartAsync(new SimulatorOptions());
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        using var process = FunctionProcess.Start(build, Fixtures.Environment(simulator, emulator));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await emulator.FirstNextRequest.WaitAsync(timeout.Token);

        var payload = SqsEvents.SentNow(Enumerable.Range(1, records).Select(i => ($"m-{i}", Fixtures.CancelBody($"batch-env-{i:00}", $"batch-{i}"))));
        var stopwatch = Stopwatch.StartNew();
        var result = await emulator.InvokeAsync(new InvocationRequest(payload), timeout.Token);
        var wall = stopwatch.Elapsed;
        if (result.IsError)
        {
            throw new InvalidOperationException($"The batch failed: {result.BodyText}");
        }

        var peak = process.PeakRssBytes();
        var messages = simulator.SnsMessages;
        var allCancelled = messages.All(m => m.Message.Contains("\"outcome\":\"CANCELLED\"", StringComparison.Ordinal));
        return new Result(wall.TotalSeconds, peak, messages.Count, allCancelled);
    }
}
