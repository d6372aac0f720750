using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ProtonCancelLambda.Bootstrap;
using ProtonCancelLambda.Configuration;
using ProtonCancelLambda.Logging;
using ProtonCancelLambda.RuntimeApi;

namespace ProtonCancelLambda.Tests.Simulation;

/// <summary>What every schedule shares: the queue's rules and the table's key from template.yaml, the settings.</summary>
internal sealed record SimulationSetup(QueueRules Queue, AsyncInvokeRules AsyncInvoke, string TableKey, IReadOnlyDictionary<string, string> Environment);

/// <summary>A request as its producer made it.</summary>
internal sealed record SimRequest(string RequestId, string EnvironmentName, DateTimeOffset FirstSentAt)
{
    /// <summary>Whether the producer's body says when it asked (<c>requestedAt</c>), the same in every copy.</summary>
    public bool SaysWhen { get; set; }

    /// <summary>When the producer sent the request again, if it did.</summary>
    public List<DateTimeOffset> SentAgainAt { get; } = [];

    /// <summary>
    /// When the producer last asked, as of <paramref name="time"/>: a copy whose body does not say when it asked is
    /// asked at its own sending (the documented request time), so a later copy asks later.
    /// </summary>
    public DateTimeOffset AskedBy(DateTimeOffset time) =>
        SaysWhen ? FirstSentAt : SentAgainAt.Where(at => at <= time).Append(FirstSentAt).Max();
}

/// <summary>
/// One schedule's world: producers sending requests to the request queue, Lambda invoking the real function
/// (built by <see cref="FunctionComposition"/> on simulated ports) once per delivered message, Proton, SNS and
/// the idempotency table, all driven by one <see cref="SimScheduler"/>.
/// </summary>
internal sealed class SimulationWorld
{
    public const string TopicArn = "arn:aws:sns:us-east-1:123456789012:proton-cancel-outcomes";
    public const string QueueArn = "arn:aws:sqs:us-east-1:123456789012:proton-cancel-RequestQueue";
    public const string QueueUrl = "https://sqs.us-east-1.amazonaws.com/123456789012/proton-cancel-RequestQueue";
    public const string TableName = "proton-cancel-IdempotencyRecords";

    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Past MAX_WATCH_SECONDS, the longest chain of redeliveries and the DLQ: any request still open then never ends.</summary>
    private static readonly TimeSpan Horizon = TimeSpan.FromHours(8);

    private static readonly FaultRates DynamoDbFaults = new(Slow: 60, Transient: 15, LostResponse: 10, RetriedAfterLostResponse: 10, CrashBefore: 4, CrashAfter: 4);
    private static readonly FaultRates OtherFaults = new(Slow: 30, Transient: 15, LostResponse: 8, RetriedAfterLostResponse: 8, CrashBefore: 4, CrashAfter: 4);

    private readonly SimulationSetup _setup;
    private readonly FunctionSettings _settings;
    private readonly LambdaLogger _logger;
    private int _invocations;

    private SimulationWorld(int[] choices, SimulationSetup setup, bool trace)
    {
        _setup = setup;
        Scheduler = new SimScheduler(Start, new SimChoices(choices), trace ? [] : null);
        _settings = SettingsReader.Read(new DictionaryEnvironmentVariables(setup.Environment));
        _logger = trace
            ? new LambdaLogger(new TraceWriter(Scheduler), new LogOptions(Json: false, LogLevel.Info), Scheduler.Clock)
            : new LambdaLogger(TextWriter.Null, new LogOptions(Json: false, LogLevel.Fatal), Scheduler.Clock);
        var calls = new SimCalls(Scheduler, Crash, OnCallError);
        Proton = new SimProton(Scheduler, calls, OtherFaults);
        Topic = new SimTopic(Scheduler, calls, OtherFaults, (requestId, window) => Windows.Add((requestId, window)));
        Queue = new SimQueue(Scheduler, calls, OtherFaults, setup.Queue, Deliver) { Sent = OnFunctionSent };
        Events = new SimEventBus(Scheduler, setup.AsyncInvoke, Invoke);
        Table = new SimDynamoDb(calls, DynamoDbFaults, TableName, setup.TableKey);
    }

    public SimScheduler Scheduler { get; }

    public SimProton Proton { get; }

    public SimTopic Topic { get; }

    public SimQueue Queue { get; }

    public SimDynamoDb Table { get; }

    public SimEventBus Events { get; }

    public List<SimRequest> Requests { get; } = [];

    public List<(string RequestId, DuplicateWindow Window)> Windows { get; } = [];

    /// <summary>Requests one of whose continuations was delivered while the invocation that sent it was still at work.</summary>
    public HashSet<string> HandOverRaces { get; } = new(StringComparer.Ordinal);

    /// <summary>When the first continuation of each request was sent: from then on its watch has begun.</summary>
    public Dictionary<string, DateTimeOffset> ContinuationSentAt { get; } = new(StringComparer.Ordinal);

    public static SimulationResult Run(int[] choices, SimulationSetup setup, bool trace = false)
    {
        var world = new SimulationWorld(choices, setup, trace);
        world.AddRequests();
        var settled = world.Scheduler.Run(Start + Horizon);
        var extraOutcomes = world.Topic.Outcomes.Count - world.Topic.Outcomes.Select(outcome => outcome.RequestId).Distinct().Count();
        return new SimulationResult(SimulationInvariants.Check(world, settled), world.Scheduler.StepCount, world.Scheduler.Choices.Used, extraOutcomes, world.Scheduler.Trace);
    }

    public string? RequestIdOf(SimMessage message)
    {
        try
        {
            using var body = JsonDocument.Parse(message.Body);
            return body.RootElement.TryGetProperty("requestId", out var id) ? id.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private void AddRequests()
    {
        var choices = Scheduler.Choices;
        var count = 1 + choices.Draw(3);
        for (var i = 1; i <= count; i++)
        {
            var request = new SimRequest(Invariant($"req-{i}"), Invariant($"env-{i}"), Start + choices.Seconds(0, 20));
            Requests.Add(request);
            Proton.Add(request.EnvironmentName, request.FirstSentAt);
            var body = new JsonObject { ["environmentName"] = request.EnvironmentName, ["requestId"] = request.RequestId };
            if (choices.Chance(500))
            {
                // The producer's clock: right, or now and then minutes ahead.
                var skew = choices.Chance(40) ? choices.Seconds(1, 300) : TimeSpan.Zero;
                body["requestedAt"] = (request.FirstSentAt + skew).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
                request.SaysWhen = true;
            }

            // Most requests come through the request queue, some as EventBridge events; producers now and then send twice.
            var copies = choices.Chance(100) ? 2 : 1;
            var viaEventBridge = choices.Chance(250);
            for (var copy = 0; copy < copies; copy++)
            {
                var at = request.FirstSentAt + (copy == 0 ? TimeSpan.Zero : choices.Seconds(0, 60));
                if (copy > 0)
                {
                    request.SentAgainAt.Add(at);
                }

                Scheduler.At(at, $"producer sends {request.RequestId}{(copy > 0 ? " again" : string.Empty)}", viaEventBridge
                    ? () => Events.Put(request.RequestId, body)
                    : () => Queue.Send(body.ToJsonString(), 0, sender: null));
            }
        }
    }

    /// <summary>An SQS delivery: one message, one batch. What the response does not report as failed is deleted.</summary>
    private void Deliver(SimMessage message, string receiptHandle)
    {
        if (message.Sender is { Finished: false, Abandoned: false } && RequestIdOf(message) is { } raced)
        {
            HandOverRaces.Add(raced);
        }

        Invoke($"{message.Id} (receive {message.ReceiveCount})", SqsEvent(message, receiptHandle), () => { }, () => { }, response =>
        {
            using var answer = JsonDocument.Parse(response);
            var failed = answer.RootElement.GetProperty("batchItemFailures").EnumerateArray().Any(item => item.GetProperty("itemIdentifier").GetString() == message.Id);
            Scheduler.Note($"{Scheduler.Current?.Name} returned: {(failed ? "redeliver" : "delete")} {message.Id}");
            if (!failed)
            {
                Queue.Delete(message, receiptHandle);
            }
        });
    }

    private SimInvocation Invoke(string what, byte[] payload, Action succeeded, Action failed) =>
        Invoke(what, payload, succeeded, failed, _ => succeeded());

    /// <summary>
    /// One invocation of the real function: <paramref name="failed"/> when it throws, crashes or reaches its
    /// deadline (no response), <paramref name="responded"/> with its response otherwise.
    /// </summary>
    private SimInvocation Invoke(string what, byte[] payload, Action succeeded, Action failed, Action<byte[]> responded)
    {
        var invocation = new SimInvocation(Invariant($"λ{++_invocations}")) { Failed = failed };
        var deadline = Scheduler.Now + _setup.Queue.FunctionTimeout;
        var context = new InvocationContext(Invariant($"invocation-{_invocations}"), deadline, "arn:aws:lambda:us-east-1:123456789012:function:proton-cancel", null);
        Scheduler.Note($"{invocation.Name} invoked with {what}");

        // Each invocation in its own execution environment, as concurrent invocations are.
        var handler = FunctionComposition.CreateHandler(_settings, new AwsPorts(Proton, Topic, Queue, Table), _logger, Scheduler.Clock, Scheduler.Choices.Fraction);
        Scheduler.At(deadline, string.Empty, () =>
        {
            if (!invocation.Finished && !invocation.Abandoned)
            {
                Crash(invocation, "reached its deadline: Lambda stops it");
            }
        });
        Scheduler.Start(invocation, async () =>
        {
            byte[] response;
            try
            {
                response = await handler.HandleAsync(new Invocation(context, payload), CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                Scheduler.Note($"{invocation.Name} failed ({exception.GetType().Name}: {exception.Message})");
                failed();
                return;
            }

            responded(response);
        });
        return invocation;
    }

    private void Crash(SimInvocation invocation, string why)
    {
        Scheduler.Abandon(invocation);
        Scheduler.Note($"{invocation.Name} {why}");
        invocation.Failed?.Invoke();
        foreach (var requestId in invocation.Published)
        {
            Windows.Add((requestId, DuplicateWindow.CrashBetweenPublishAndCompletion));
        }
    }

    /// <summary>A record write that fails after the invocation published an outcome leaves the record short of its completion.</summary>
    private void OnCallError(SimInvocation invocation, string what)
    {
        if (what.StartsWith("DynamoDB", StringComparison.Ordinal))
        {
            foreach (var requestId in invocation.Published)
            {
                Windows.Add((requestId, DuplicateWindow.RecordWriteFailedAfterPublish));
            }
        }
    }

    private void OnFunctionSent(SimMessage message)
    {
        if (RequestIdOf(message) is { } requestId && message.Body.Contains("\"watch\"", StringComparison.Ordinal))
        {
            ContinuationSentAt.TryAdd(requestId, Scheduler.Now);
        }
    }

    private byte[] SqsEvent(SimMessage message, string receiptHandle)
    {
        var record = new JsonObject
        {
            ["messageId"] = message.Id,
            ["receiptHandle"] = receiptHandle,
            ["body"] = message.Body,
            ["attributes"] = new JsonObject
            {
                ["ApproximateReceiveCount"] = message.ReceiveCount.ToString(CultureInfo.InvariantCulture),
                ["SentTimestamp"] = message.SentAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
                ["ApproximateFirstReceiveTimestamp"] = message.FirstReceivedAt!.Value.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
            },
            ["messageAttributes"] = new JsonObject(),
            ["eventSource"] = "aws:sqs",
            ["eventSourceARN"] = QueueArn,
            ["awsRegion"] = "us-east-1",
        };
        return Encoding.UTF8.GetBytes(new JsonObject { ["Records"] = new JsonArray(record) }.ToJsonString());
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>The function's log lines, in the replayed schedule's trace.</summary>
    private sealed class TraceWriter(SimScheduler scheduler) : TextWriter
    {
        public override Encoding Encoding => Encoding.UTF8;

        public override void WriteLine(string? value) => scheduler.Note("    | " + value);
    }
}

/// <param name="ExtraOutcomes">Outcomes beyond the first of each request, allowed (a documented window) or not.</param>
internal sealed record SimulationResult(List<Violation> Violations, int Steps, int Choices, int ExtraOutcomes, List<string>? Trace);
