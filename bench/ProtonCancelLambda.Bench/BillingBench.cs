using System.Diagnostics;
using ProtonCancelLambda.Local.Rig;
using ProtonCancelLambda.Local.Simulator;

namespace ProtonCancelLambda.Bench;

/// <summary>
/// Real invocation durations of the AOT bootstrap with continuations on (REQUEST_QUEUE_URL on moto SQS,
/// POLL_WINDOW_SECONDS default): the first invocation (cancel, then poll through its window, then
/// SendMessage), and continuation invocations that poll once and hand over (one GetEnvironment + one
/// SendMessage), from invoke to response; and the init before them (process start to the first "next"),
/// which Lambda bills for a custom runtime (provided.al2023) as part of the first invocation's duration.
/// </summary>
internal static class BillingBench
{
    public sealed record Result(double InitMs, double FirstInvocationMs, IReadOnlyList<double> ContinuationMs, int MessagesQueued);

    public static async Task<Result> MeasureAsync(FunctionBuild build, int continuations)
    {
        using var queue = await MotoRequestQueue.StartAsync();
        await using var rig = await LocalRig.StartAsync(new LocalRigOptions
        {
            Simulator = new SimulatorOptions { Scenario = WatchedEnvironment.Scenario },
            Variables = FunctionVariables.DefaultsWith(queue.Variables),
        });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var init = Stopwatch.StartNew();
        rig.StartFunction(build.Launch);
        await rig.Emulator.FirstNextRequest.WaitAsync(timeout.Token);
        var initMs = init.Elapsed.TotalMilliseconds;

        var first = await InvokeAsync(rig, "bill-0", Fixtures.CancelBody(WatchedEnvironment.Name, "bill-0"), timeout.Token);
        var samples = new List<double>();
        for (var i = 1; i <= continuations; i++)
        {
            samples.Add(await InvokeAsync(rig, $"bill-{i}", WatchedEnvironment.ContinuationBody($"bill-{i}"), timeout.Token));
        }

        if (rig.Simulator.SnsMessages.Count != 0)
        {
            throw new InvalidOperationException("An outcome was published; the watch should have been handed over.");
        }

        return new Result(initMs, first, samples, await queue.QueuedAsync(timeout.Token));
    }

    private static async Task<double> InvokeAsync(LocalRig rig, string messageId, string body, CancellationToken cancellationToken)
    {
        var payload = SqsEvents.SentNow([(messageId, body)]);
        var stopwatch = Stopwatch.StartNew();
        var result = await rig.InvokeAsync(payload, TimeSpan.FromSeconds(60), cancellationToken: cancellationToken);
        var elapsed = stopwatch.Elapsed.TotalMilliseconds;
        if (result.IsError || !result.BodyText.Contains("\"batchItemFailures\":[]", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Invocation {messageId} failed: {result.BodyText}");
        }

        return elapsed;
    }
}
