using System.Diagnostics;
using ProtonCancelLambda.Local.Rig;
using ProtonCancelLambda.Local.RuntimeEmulator;
using ProtonCancelLambda.Local.Services;
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

    // As deployed (template.yaml sets REQUEST_QUEUE_URL), so the SQS client is part of init. The settled
    // environment never needs a continuation, so nothing is sent to this address.
    private static readonly Dictionary<string, string> DeployedExtras = new(StringComparer.Ordinal)
    {
        ["REQUEST_QUEUE_URL"] = "http://127.0.0.1:9/123456789012/proton-cancel-requests",
        ["AWS_ENDPOINT_URL_SQS"] = "http://127.0.0.1:9/",
    };

    private static readonly HttpClient Http = new();

    /// <summary>
    /// <paramref name="firstRuns"/> timed cold starts of <paramref name="first"/> and <paramref name="secondRuns"/>
    /// of <paramref name="second"/>, interleaved (each next run goes to the build that is proportionally further
    /// behind), so that load from elsewhere on the machine hits both builds alike. Returns each build's samples.
    /// </summary>
    public static async Task<(IReadOnlyList<double> First, IReadOnlyList<double> Second)> MeasureInterleavedAsync(
        FunctionBuild first, int firstRuns, FunctionBuild second, int secondRuns)
    {
        var samples = await MeasureInterleavedAsync([(first, firstRuns), (second, secondRuns)]);
        return (samples[0], samples[1]);
    }

    /// <summary>The same for any number of builds: each next run goes to the build proportionally furthest behind its count.</summary>
    public static async Task<IReadOnlyList<IReadOnlyList<double>>> MeasureInterleavedAsync(IReadOnlyList<(FunctionBuild Build, int Runs)> builds)
    {
        await using var simulator = await AwsSimulator.StartAsync(new SimulatorOptions { Scenario = Settled });
        var samples = builds.Select(b => new List<double>(b.Runs)).ToList();

        // One untimed run of each build first: the first start of a binary also reads it from disk into the page cache.
        foreach (var (build, _) in builds)
        {
            await OnceAsync(simulator, build, -1);
        }

        while (Enumerable.Range(0, builds.Count).Any(b => samples[b].Count < builds[b].Runs))
        {
            var next = Enumerable.Range(0, builds.Count)
                .Where(b => samples[b].Count < builds[b].Runs)
                .MinBy(b => (double)samples[b].Count / builds[b].Runs);
            var elapsed = await OnceAsync(simulator, builds[next].Build, samples[next].Count);
            samples[next].Add(elapsed.TotalMilliseconds);
        }

        return samples;
    }

    /// <summary>
    /// Lambda's Runtime API is a long-running service. A freshly started emulator builds its routing tables
    /// and accepts its first connection on its first request (~8 ms), which would be counted against the
    /// function; one throwaway request (an unknown request id, answered 400) pays that before the clock starts.
    /// </summary>
    internal static async Task WarmUpAsync(RuntimeApiEmulator emulator)
    {
        using var content = new ByteArrayContent([]);
        using var response = await Http.PostAsync(new Uri($"http://{emulator.Address}/2018-06-01/runtime/invocation/warm-up/response"), content);
        if (response.StatusCode != System.Net.HttpStatusCode.BadRequest)
        {
            throw new InvalidOperationException($"The emulator answered the warm-up with {(int)response.StatusCode}, not 400.");
        }
    }

    private static async Task<TimeSpan> OnceAsync(AwsSimulator simulator, FunctionBuild build, int run)
    {
        await using var rig = await LocalRig.StartAsync(new LocalRigOptions { SharedSimulator = simulator, Variables = FunctionVariables.DefaultsWith(DeployedExtras) });
        var emulator = rig.Emulator;
        await WarmUpAsync(emulator);
        // A request id of its own per run, so that with an idempotency table every run is a first delivery.
        var payload = SqsEvents.SentNow([($"cold-{run + 1}", Fixtures.CancelBody("settled-env", $"cold-{build.Name}-{run + 1}-{Guid.NewGuid():N}"))]);

        // Queued before the process starts, so its first "next" gets the event at once, as on Lambda.
        var invocation = rig.InvokeAsync(payload);
        var index = simulator.SnsMessages.Count;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var stopwatch = Stopwatch.StartNew();
        rig.StartFunction(build.Launch);
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
