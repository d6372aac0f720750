using System.Globalization;
using ProtonCancelLambda.Local.Rig;
using ProtonCancelLambda.Local.Simulator;
using ProtonCancelLambda.Local.Simulator.Scenario;

namespace ProtonCancelLambda.Bench;

/// <summary>
/// 20 environments in one batch, settling 0.5 s, 1.0 s ... 10 s after the cancel, watched by the AOT
/// bootstrap on the real clock. The lag of each is the simulator's DetectionLag: the first GetEnvironment
/// that answered the settled status, minus the moment it settled.
/// </summary>
internal static class DetectionLagBench
{
    public const int Environments = 20;

    public static async Task<IReadOnlyList<double>> MeasureAsync(FunctionBuild build)
    {
        var scenario = new SimulationScenario
        {
            Environments = [.. Enumerable.Range(1, Environments).Select(i => new ScenarioEnvironment
            {
                Name = $"lag-env-{i:00}",
                LastAttemptedDeploymentId = $"d-{i:0000}",
                Cancel = new ScenarioCancel { AfterSeconds = i * 10.0 / Environments },
            })],
        };
        await using var rig = await LocalRig.StartAsync(new LocalRigOptions
        {
            Simulator = new SimulatorOptions { Scenario = scenario },
            Variables = FunctionVariables.DefaultsWith(new Dictionary<string, string> { ["MAX_CONCURRENCY"] = Environments.ToString(CultureInfo.InvariantCulture) }),
        });
        rig.StartFunction(build.Launch);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var payload = SqsEvents.SentNow(Enumerable.Range(1, Environments).Select(i => ($"m-{i}", Fixtures.CancelBody($"lag-env-{i:00}", $"lag-{i}"))));
        var result = await rig.InvokeAsync(payload, TimeSpan.FromSeconds(60), cancellationToken: timeout.Token);
        if (result.IsError)
        {
            throw new InvalidOperationException($"The batch failed: {result.BodyText}");
        }

        return [.. rig.Simulator.Timelines.Select(t => t.DetectionLag?.TotalMilliseconds ?? throw new InvalidOperationException($"{t.EnvironmentName} was never seen settled."))];
    }
}
