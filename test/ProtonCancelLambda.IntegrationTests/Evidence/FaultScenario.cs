using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ProtonCancelLambda.IntegrationTests.Infrastructure;
using ProtonCancelLambda.Local.Simulator.Scenario;

namespace ProtonCancelLambda.IntegrationTests.Evidence;

/// <summary>One row of the fault matrix: the faults, how the deployments settle, and how requests arrive.</summary>
public sealed record FaultScenario(string Name)
{
    public ScenarioFaults Faults { get; init; } = new();

    /// <summary>Seconds from the cancel to CANCELLED, for every environment.</summary>
    public double SettleSeconds { get; init; } = 1;

    /// <summary>How many times each request's message is sent (duplicate deliveries).</summary>
    public int Copies { get; init; } = 1;

    /// <summary>
    /// REPUBLISH_DELAY_SECONDS for the rows where SNS fails for a while (30 s deployed): short, so the outcome a
    /// continuation carries is published soon after SNS is back, and the row does not wait 30 s for it.
    /// </summary>
    public const int ShortRepublishDelaySeconds = 3;

    public TimeSpan InvocationTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public int BatchSize { get; init; } = 10;

    public int MaxConcurrency { get; init; } = 10;

    /// <summary>Function processes the scenario kills (each is one crash the event source sees).</summary>
    public int ExpectedCrashes { get; init; }

    public int Requests { get; init; } = 20 * EvidenceScale.Factor;

    /// <summary>The row's name in the fault table, with the scenario's parameters.</summary>
    public string Title { get; init; } = Name;

    /// <summary>Measures the fault table shows beside the outcomes (keys of <see cref="EvidenceSummary.Measures"/>).</summary>
    public IReadOnlyList<string> Highlights { get; init; } = [];

    /// <summary>
    /// Without the idempotency table every delivery of a request starts over, so it cancels and publishes once per
    /// delivery: a duplicate is answered again by design. With it (or with one delivery) a request has one outcome.
    /// </summary>
    public bool EveryDeliveryAnswered { get; init; }

    /// <summary>Function settings that differ from the matrix's defaults.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<string> EnvironmentNames =>
        [.. Enumerable.Range(0, Requests).Select(i => string.Create(CultureInfo.InvariantCulture, $"{Name}-{i:000}"))];

    public static string RequestIdFor(string environmentName) => "rq-" + environmentName;

    public SimulationScenario ToSimulation() => new()
    {
        Environments = [.. EnvironmentNames.Select(name => new ScenarioEnvironment
        {
            Name = name,
            LastAttemptedDeploymentId = "d-" + name,
            Cancel = new ScenarioCancel { SettlesAs = DeploymentStatuses.Cancelled, AfterSeconds = SettleSeconds },
        })],
        Faults = Faults,
    };

    /// <summary>Every copy of every request, shuffled with a fixed seed so duplicates arrive apart.</summary>
    public IReadOnlyList<string> Bodies()
    {
        var bodies = EnvironmentNames
            .SelectMany(name => Enumerable.Repeat(name, Copies))
            .Select(name => new JsonObject { ["environmentName"] = name, ["requestId"] = RequestIdFor(name), ["reason"] = "fault matrix " + Name }.ToJsonString())
            .ToList();
        var random = new Random(7);
        return Copies > 1 ? [.. bodies.OrderBy(_ => random.Next())] : bodies;
    }

    public IReadOnlyDictionary<string, string> Environment(MotoServerFixture moto, string queueUrl)
    {
        var variables = new Dictionary<string, string>
        {
            ["AWS_ACCESS_KEY_ID"] = moto.AccessKeyId,
            ["AWS_SECRET_ACCESS_KEY"] = moto.SecretAccessKey,
            ["AWS_ENDPOINT_URL_SQS"] = moto.Endpoint.ToString(),
            ["REQUEST_QUEUE_URL"] = queueUrl,
            ["POLL_INITIAL_SECONDS"] = "0.2",
            ["POLL_MAX_SECONDS"] = "1",
            ["MAX_CONCURRENCY"] = MaxConcurrency.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (name, value) in Settings)
        {
            variables[name] = value;
        }

        return variables;
    }

    /// <summary>
    /// The rule every request of a scenario is held to: the deployment was cancelled and every notification says
    /// so. The first notification is CANCELLED; a request delivered more than once (redelivery after a failure or a
    /// kill, or a duplicate) may also get NOT_IN_PROGRESS with deploymentStatus CANCELLED from a delivery that
    /// arrived after the deployment had settled: by design the function then cancels nothing. Where every delivery
    /// is answered (<see cref="EveryDeliveryAnswered"/>) there is exactly one notification per delivery; elsewhere
    /// exactly one per request.
    /// </summary>
    public string? Judge(IReadOnlyList<JsonElement> notifications, int deliveries)
    {
        for (var i = 0; i < notifications.Count; i++)
        {
            var outcome = notifications[i].GetProperty("outcome").GetString();
            var status = notifications[i].GetProperty("deploymentStatus").GetString();
            var allowed = outcome == "CANCELLED" || (outcome == "NOT_IN_PROGRESS" && deliveries > 1);
            if (!allowed || status != "CANCELLED")
            {
                return $"notification {i + 1} of {notifications.Count} is {outcome}/{status} ({deliveries} deliveries): {notifications[i].GetProperty("error")}";
            }
        }

        var expected = EveryDeliveryAnswered ? deliveries : 1;
        if (notifications.Count != expected)
        {
            return $"{notifications.Count} notifications for {deliveries} deliveries; expected {expected}";
        }

        return notifications[0].GetProperty("outcome").GetString() == "CANCELLED" || deliveries > 1
            ? null
            : "the first notification is not CANCELLED";
    }

    /// <summary>Extra notifications (beyond one per request) the scenario must show: one per extra delivery where every delivery is answered.</summary>
    public int ExpectedDuplicates(Func<string, int> deliveriesOf) =>
        EveryDeliveryAnswered ? EnvironmentNames.Sum(name => deliveriesOf(RequestIdFor(name)) - 1) : 0;
}
