using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace ProtonCancelLambda.Tests.Simulation;

/// <summary>Where the asynchronous invocation's rules come from: template.yaml's EventInvokeConfig.</summary>
internal sealed record AsyncInvokeRules(int MaximumRetryAttempts);

/// <summary>
/// EventBridge in front of Lambda's asynchronous invocation: an event is delivered a little late or much later,
/// now and then twice; a function error or a crash (timeout) is retried after about one, then two minutes, up to
/// MaximumRetryAttempts, and an event that still fails goes to the on-failure destination (the event DLQ).
/// </summary>
internal sealed class SimEventBus(SimScheduler scheduler, AsyncInvokeRules rules, Func<string, byte[], Action, Action, SimInvocation> invoke)
{
    public const string DetailType = "Proton Environment Deployment Cancel Requested";

    private int _events;

    /// <summary>The requestIds of the events that ended in the event dead-letter queue.</summary>
    public List<string> DeadLetters { get; } = [];

    public void Put(string requestId, JsonObject detail)
    {
        var id = string.Create(CultureInfo.InvariantCulture, $"ev{++_events}");

        // EventBridge's time has whole seconds only.
        var now = scheduler.Now;
        var time = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, now.Second, TimeSpan.Zero);
        var payload = Encoding.UTF8.GetBytes(new JsonObject
        {
            ["version"] = "0",
            ["id"] = id,
            ["detail-type"] = DetailType,
            ["source"] = "rollback.pipeline",
            ["account"] = "123456789012",
            ["time"] = time.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["region"] = "us-east-1",
            ["resources"] = new JsonArray(),
            ["detail"] = detail.DeepClone(),
        }.ToJsonString());
        scheduler.Note($"{id} put on the event bus: {detail.ToJsonString()}");
        var choices = scheduler.Choices;
        scheduler.At(now + (choices.Chance(50) ? choices.Seconds(5, 60) : choices.Milliseconds(0, 1000)), string.Empty, () => Attempt(id, requestId, payload, 1));
        if (choices.Chance(30))
        {
            scheduler.At(now + choices.Milliseconds(0, 3000), string.Empty, () => invoke($"{id} (a duplicate delivery)", payload, () => { }, () => { }));
        }
    }

    private void Attempt(string id, string requestId, byte[] payload, int attempt)
    {
        invoke($"{id} (attempt {attempt})", payload, () => { }, () =>
        {
            if (attempt > rules.MaximumRetryAttempts)
            {
                DeadLetters.Add(requestId);
                scheduler.Note($"{id} failed {attempt} times: sent to the event dead-letter queue (its alarm fires)");
                return;
            }

            var choices = scheduler.Choices;
            scheduler.At(scheduler.Now + TimeSpan.FromMinutes(attempt) + choices.Milliseconds(0, 30_000), string.Empty, () => Attempt(id, requestId, payload, attempt + 1));
        });
    }
}
