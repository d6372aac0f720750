using System.Diagnostics;
using ProtonCancelLambda.Local.RuntimeEmulator;
using ProtonCancelLambda.Local.Simulator;
using ProtonCancelLambda.Local.Simulator.Scenario;

namespace ProtonCancelLambda.Bench;

/// <summary>
/// Process start to the first outcome received by the SNS sink. The environment is already settled
/// (SUCCEEDED), so the run is init + cancel (ValidationException) + one GetEnvironment + Publish: the
/// measure is the function's own start-up and first calls, not the deployment.
/// </summary>
internal static class ColdStartBench
{
    private static readonly SimulationScenario Settled = new()
    {
        Environments = [new ScenarioEnvironment { Name = "settled-env", DeploymentStatus = DeploymentStatuses.Succeeded, LastAttemptedDeploymentId = "d-0001" }],
    };

    public static async Task<IReadOnlyList<double>> MeasureAsync(FunctionBuild build, int runs)
    {
        await using var simulator = await ProtonSimulator.StartAsync(new SimulatorOptions { Scenario = Settled });
        var samples = new List<double>();

        // One untimed run first: the first start of a binary also reads it from disk into the page cache.
        for (var run = -1; run < runs; run++)
        {
            var elapsed = await OnceAsync(simulator, build, run);
            if (run >= 0)
            {
                samples.Add(elapsed.TotalMilliseconds);
            }
        }

        return samples;
    }

    private static async Task<TimeSpan> OnceAsync(ProtonSimulator simulator, FunctionBuild build, int run)
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        var payload = Fixtures.SqsEvent([($"cold-{run + 1}", Fixtures.CancelBody("settled-env", $"cold-{build.Name}-{run + 1}"))]);

        // Queued before the process starts, so its first "next" gets the event at once, as on Lambda.
        var invocation = emulator.InvokeAsync(new InvocationRequest(payload));
        var index = simulator.SnsMessages.Count;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var environment = Fixtures.Environment(simulator, emulator);
        var stopwatch = Stopwatch.StartNew();
        using var process = FunctionProcess.Start(build, environment);
        await emulator.FirstNextRequest.WaitAsync(timeout.Token);
        var init = stopwatch.Elapsed;
        await simulator.Sns.WaitForMessageAsync(index, timeout.Token);
        var elapsed = stopwatch.Elapsed;
        if (Environment.GetEnvironmentVariable("BENCH_VERBOSE") is not null)
        {
            Console.Error.WriteLine($"{build.Name} run {run + 1}: first next at {init.TotalMilliseconds:0.0} ms, outcome at {elapsed.TotalMilliseconds:0.0} ms");
        }

        await invocation.WaitAsync(timeout.Token);
        return elapsed;
    }
}
