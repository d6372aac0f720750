using System.Diagnostics;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Amazon.SQS;
using ProtonCancelLambda.Local.RuntimeEmulator;
using ProtonCancelLambda.Local.Simulator;
using ProtonCancelLambda.Local.Simulator.Scenario;

namespace ProtonCancelLambda.Bench;

/// <summary>
/// Real invocation durations of the AOT bootstrap with continuations on (REQUEST_QUEUE_URL on moto SQS,
/// POLL_WINDOW_SECONDS default): the first invocation (cancel, then poll through its window, then
/// SendMessage), and continuation invocations that poll once and hand over (one GetEnvironment + one
/// SendMessage), from invoke to response.
/// </summary>
internal static class BillingBench
{
    private const string Name = "billing-env";

    public sealed record Result(double FirstInvocationMs, IReadOnlyList<double> ContinuationMs, int MessagesQueued);

    public static async Task<Result> MeasureAsync(FunctionBuild build, int continuations)
    {
        using var moto = await MotoServerProcess.StartAsync();
        using var sqs = new AmazonSQSClient(new BasicAWSCredentials("test", "test"), new AmazonSQSConfig { ServiceURL = moto.Endpoint.ToString(), AuthenticationRegion = "us-east-1" });
        var queueUrl = (await sqs.CreateQueueAsync("proton-cancel-requests")).QueueUrl;

        var scenario = new SimulationScenario
        {
            Environments = [new ScenarioEnvironment { Name = Name, LastAttemptedDeploymentId = "d-0001", Cancel = new ScenarioCancel { AfterSeconds = 3600 } }],
        };
        await using var simulator = await ProtonSimulator.StartAsync(new SimulatorOptions { Scenario = scenario });
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        var extra = new Dictionary<string, string> { ["REQUEST_QUEUE_URL"] = queueUrl, ["AWS_ENDPOINT_URL_SQS"] = moto.Endpoint.ToString() };
        using var process = FunctionProcess.Start(build, Fixtures.Environment(simulator, emulator, extra));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await emulator.FirstNextRequest.WaitAsync(timeout.Token);

        var first = await InvokeAsync(emulator, "bill-0", Fixtures.CancelBody(Name, "bill-0"), timeout.Token);
        var samples = new List<double>();
        for (var i = 1; i <= continuations; i++)
        {
            // Five minutes into the watch the next wait (30 s) is longer than any poll window: one poll, then hand over.
            var body = JsonNode.Parse(Fixtures.CancelBody(Name, $"bill-{i}"))!.AsObject();
            body["watch"] = new JsonObject
            {
                ["since"] = DateTimeOffset.UtcNow.AddMinutes(-5).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture),
                ["pollCount"] = 40,
                ["deploymentId"] = "d-0001",
            };
            samples.Add(await InvokeAsync(emulator, $"bill-{i}", body.ToJsonString(), timeout.Token));
        }

        if (simulator.SnsMessages.Count != 0)
        {
            throw new InvalidOperationException("An outcome was published; the watch should have been handed over.");
        }

        var attributes = await sqs.GetQueueAttributesAsync(queueUrl, ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesDelayed"], timeout.Token);
        var queued = attributes.ApproximateNumberOfMessages + attributes.ApproximateNumberOfMessagesDelayed;
        return new Result(first, samples, queued);
    }

    private static async Task<double> InvokeAsync(RuntimeApiEmulator emulator, string messageId, string body, CancellationToken cancellationToken)
    {
        var payload = SqsEvents.SentNow([(messageId, body)]);
        var stopwatch = Stopwatch.StartNew();
        var result = await emulator.InvokeAsync(new InvocationRequest(payload) { Timeout = TimeSpan.FromSeconds(60) }, cancellationToken);
        var elapsed = stopwatch.Elapsed.TotalMilliseconds;
        if (result.IsError || !result.BodyText.Contains("\"batchItemFailures\":[]", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Invocation {messageId} failed: {result.BodyText}");
        }

        return elapsed;
    }
}
