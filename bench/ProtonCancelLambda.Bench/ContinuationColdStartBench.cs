using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Amazon.SQS;
using ProtonCancelLambda.Local.RuntimeEmulator;
using ProtonCancelLambda.Local.Simulator;
using ProtonCancelLambda.Local.Simulator.Scenario;

namespace ProtonCancelLambda.Bench;

/// <summary>
/// Process start to the answer of a first invocation that is a continuation: one GetEnvironment on a deployment
/// that is still settling, then one SendMessage to a moto SQS queue (the hand-over). This is the invocation
/// whose cold start pays for the SQS client, so it decides how that client is built.
/// </summary>
internal static class ContinuationColdStartBench
{
    private const string Name = "watched-env";

    public static async Task<IReadOnlyList<double>> MeasureAsync(FunctionBuild build, int runs) =>
        (await MeasureInterleavedAsync([build], runs))[0];

    /// <summary>Runs of each build taken in turn, so load from elsewhere on the machine hits every build alike.</summary>
    public static async Task<IReadOnlyList<IReadOnlyList<double>>> MeasureInterleavedAsync(IReadOnlyList<FunctionBuild> builds, int runs)
    {
        using var moto = await MotoServerProcess.StartAsync();
        using var sqs = new AmazonSQSClient(new BasicAWSCredentials("test", "test"), new AmazonSQSConfig { ServiceURL = moto.Endpoint.ToString(), AuthenticationRegion = "us-east-1" });
        var queueUrl = (await sqs.CreateQueueAsync("proton-cancel-requests")).QueueUrl;
        var scenario = new SimulationScenario
        {
            Environments = [new ScenarioEnvironment { Name = Name, LastAttemptedDeploymentId = "d-0001" }],
        };
        await using var simulator = await ProtonSimulator.StartAsync(new SimulatorOptions { Scenario = scenario });
        var samples = builds.Select(_ => new List<double>(runs)).ToList();

        // One untimed run of each first: the first start of a binary also reads it from disk into the page cache.
        for (var run = -1; run < runs; run++)
        {
            for (var b = 0; b < builds.Count; b++)
            {
                var elapsed = await OnceAsync(simulator, moto.Endpoint, queueUrl, builds[b], run);
                if (run >= 0)
                {
                    samples[b].Add(elapsed.TotalMilliseconds);
                }
            }
        }

        return samples;
    }

    private static async Task<TimeSpan> OnceAsync(ProtonSimulator simulator, Uri motoEndpoint, string queueUrl, FunctionBuild build, int run)
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();

        // Five minutes into the watch the next wait (30 s) is longer than any poll window: one poll, then hand over.
        var body = JsonNode.Parse(Fixtures.CancelBody(Name, $"cont-{run + 1}"))!.AsObject();
        body["watch"] = new JsonObject
        {
            ["since"] = DateTimeOffset.UtcNow.AddMinutes(-5).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            ["pollCount"] = 40,
            ["deploymentId"] = "d-0001",
        };
        var payload = SqsEvents.SentNow([($"cont-{run + 1}", body.ToJsonString())]);
        var invocation = emulator.InvokeAsync(new InvocationRequest(payload));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var extra = new Dictionary<string, string>(StringComparer.Ordinal) { ["REQUEST_QUEUE_URL"] = queueUrl, ["AWS_ENDPOINT_URL_SQS"] = motoEndpoint.ToString() };
        var stopwatch = Stopwatch.StartNew();
        using var process = FunctionProcess.Start(build, Fixtures.Environment(simulator, emulator, extra));
        var result = await invocation.WaitAsync(timeout.Token);
        var elapsed = stopwatch.Elapsed;
        if (result.IsError || !result.BodyText.Contains("\"batchItemFailures\":[]", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The continuation invocation failed: {result.BodyText}");
        }

        return elapsed;
    }
}
