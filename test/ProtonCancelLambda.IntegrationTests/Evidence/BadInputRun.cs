using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ProtonCancelLambda.IntegrationTests.Infrastructure;
using ProtonCancelLambda.Local.RuntimeEmulator;
using ProtonCancelLambda.Local.Simulator.Scenario;

namespace ProtonCancelLambda.IntegrationTests.Evidence;

/// <summary>
/// Runs the whole corpus once through the AOT bootstrap (SQS cases in one batch, each event on its own) and
/// keeps what came of each kind; the tests then look up their own case. Ends with a valid request, which
/// must still be served: the corpus crashed nothing.
/// </summary>
public sealed class BadInputRun
{
    public const string ValidEnvironment = "corpus-survivor";

    private readonly Lock _gate = new();
    private Task<Results>? _run;

    /// <summary>The one run of the corpus; a failed run fails every test at once instead of running again.</summary>
    public Task<Results> GetAsync(PublishedBootstrap bootstrap)
    {
        lock (_gate)
        {
            return _run ??= RunAsync(bootstrap);
        }
    }

    private static async Task<Results> RunAsync(PublishedBootstrap bootstrap)
    {
        var scenario = new SimulationScenario
        {
            Environments = [new ScenarioEnvironment { Name = ValidEnvironment, Cancel = new ScenarioCancel { AfterSeconds = 0.5 } }],
        };
        await using var harness = await FunctionHarness.StartAsync(FunctionMode.Aot, FunctionHarness.BaseEnvironment, bootstrap, scenario);
        var clock = Stopwatch.StartNew();
        var results = new Results();
        var sqsCases = BadInputCorpus.All.Where(c => c.Carrier is BadInputCarrier.SqsBody or BadInputCarrier.SqsRecord).ToList();
        var records = sqsCases.Select(c => c.Carrier == BadInputCarrier.SqsBody
            ? SqsEvents.Record("bad-" + c.Kind, c.Payload)
            : JsonNode.Parse(c.Payload!)!).ToArray();
        var batch = await harness.InvokeAsync(SqsEvents.Batch(records));
        results.Responses.Add(batch);
        results.Batch = batch;
        for (var i = 0; i < sqsCases.Count; i++)
        {
            var recordFallback = string.Create(CultureInfo.InvariantCulture, $"{batch.RequestId}/record-{i}");
            results.RequestIds[sqsCases[i].Kind] = sqsCases[i].Carrier == BadInputCarrier.SqsBody ? "bad-" + sqsCases[i].Kind : recordFallback;
        }

        foreach (var c in BadInputCorpus.All.Where(c => c.Carrier is BadInputCarrier.EventBridgeDetail or BadInputCarrier.EventBridgeEvent or BadInputCarrier.Invocation))
        {
            var id = "bad-" + c.Kind;
            var payload = c.Carrier switch
            {
                BadInputCarrier.EventBridgeDetail => EventBridgeEvents.CancelRequested(id, c.Payload is null ? null : JsonNode.Parse(c.Payload)),
                BadInputCarrier.EventBridgeEvent => WithId(c.Payload!, id),
                _ => c.Payload!,
            };
            var response = await harness.InvokeAsync(payload);
            results.Responses.Add(response);
            results.Invocations[c.Kind] = response;
            // A payload that is no event carries no id of its own: any outcome for it would carry the
            // invocation's request id, as for an unreadable EventBridge event.
            results.RequestIds[c.Kind] = c.IdFromInvocation || c.Carrier == BadInputCarrier.Invocation ? response.RequestId : id;
        }

        // The function still serves a valid request after all of the above, without a restart.
        results.Survivor = await harness.InvokeSqsAsync(new JsonObject { ["environmentName"] = ValidEnvironment, ["requestId"] = ValidEnvironment }.ToJsonString());
        for (var i = 0; i < 300 && !harness.Outcomes.Any(n => n.GetProperty("requestId").GetString() == ValidEnvironment); i++)
        {
            await Task.Delay(100);
        }

        results.ProcessExited = harness.Host.Exited.IsCompleted;

        // What the function answered and logged: the evidence to read when a case fails.
        await File.WriteAllLinesAsync(EvidenceSummary.PathFor("corpus.log"), [.. results.Responses.Select(r => $"response {r.RequestId} error={r.IsError}: {r.BodyText}"), .. harness.LogLines]);
        results.Notifications.AddRange(harness.Outcomes);
        results.Elapsed = clock.Elapsed;
        return results;
    }

    private static string WithId(string @event, string id)
    {
        var node = JsonNode.Parse(@event)!.AsObject();
        node["id"] = id;
        return node.ToJsonString();
    }

    public sealed class Results
    {
        public Dictionary<string, string> RequestIds { get; } = [];

        public Dictionary<string, InvocationResult> Invocations { get; } = [];

        public List<InvocationResult> Responses { get; } = [];

        public List<JsonElement> Notifications { get; } = [];

        /// <summary>The one invocation that carried every SQS case.</summary>
        public InvocationResult? Batch { get; set; }

        public InvocationResult? Survivor { get; set; }

        public bool ProcessExited { get; set; }

        public TimeSpan Elapsed { get; set; }

        public IReadOnlyList<JsonElement> NotificationsFor(string kind) =>
            [.. Notifications.Where(n => n.GetProperty("requestId").GetString() == RequestIds[kind])];
    }
}
