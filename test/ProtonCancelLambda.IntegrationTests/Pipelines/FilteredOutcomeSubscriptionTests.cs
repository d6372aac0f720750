using System.Text.Json;
using ProtonCancelLambda.IntegrationTests.Infrastructure;
using ProtonCancelLambda.Local.Simulator.Scenario;

namespace ProtonCancelLambda.IntegrationTests.Pipelines;

/// <summary>
/// A pipeline learns the outcome of its own request through an SNS subscription filtered on its requestId or
/// correlationId: moto's SNS applies the filter policies for real to outcomes the function published in one
/// batch, to raw-delivery SQS subscriptions.
/// </summary>
public sealed class FilteredOutcomeSubscriptionTests(PublishedBootstrap bootstrap, MotoServerFixture moto)
{
    private const int Requests = 12;

    [Fact]
    public async Task ManyOutcomesPublishedTogether_ReachOnlyTheSubscriptionsWhoseFilterTheyMatch()
    {
        moto.RequireRunning();
        using var messaging = new MotoMessaging(moto);
        var topicArn = await messaging.CreateTopicAsync("outcomes");
        var all = await messaging.CreateQueueAsync("all");
        var byRequest = await messaging.CreateQueueAsync("by-request");
        var byCorrelation = await messaging.CreateQueueAsync("by-correlation");
        await messaging.SubscribeAsync(topicArn, all.Arn);
        await messaging.SubscribeAsync(topicArn, byRequest.Arn, """{"requestId":["rb-pick-7"]}""");
        await messaging.SubscribeAsync(topicArn, byCorrelation.Arn, """{"correlationId":["run-b"]}""");

        // Settled environments answer at once (NOT_IN_PROGRESS); one in progress settles CANCELLED after 1 s;
        // an invalid name is REJECTED. Odd requests belong to run-a, even ones to run-b, every third to none.
        var scenario = ScenarioFile.Parse("""
            {"environments":[
              {"name":"settled-env","deploymentStatus":"SUCCEEDED"},
              {"name":"busy-env","cancel":{"settlesAs":"CANCELLED","afterSeconds":1}}]}
            """);
        await using var harness = await FunctionHarness.StartAsync(FunctionMode.InProcess, moto.FunctionEnvironment(topicArn), bootstrap, scenario);
        var bodies = Enumerable.Range(1, Requests).Select(Body).ToArray();

        var result = await harness.InvokeSqsAsync(bodies);

        Assert.Equal("""{"batchItemFailures":[]}""", result.BodyText);
        var everything = (await messaging.DrainAsync(all.Url)).Select(Outcome).ToList();
        Assert.Equal(Enumerable.Range(1, Requests).Select(i => $"rb-pick-{i}").Order(), everything.Select(o => o.RequestId).Order());
        Assert.Equal(["CANCELLED", "NOT_IN_PROGRESS", "REJECTED"], everything.Select(o => o.Kind).Distinct().Order());

        var mine = Assert.Single(await messaging.DrainAsync(byRequest.Url));
        Assert.Equal("rb-pick-7", Outcome(mine).RequestId);
        Assert.Equal("rb-pick-7", mine.MessageAttributes["requestId"].StringValue);

        var runB = (await messaging.DrainAsync(byCorrelation.Url)).Select(Outcome).ToList();
        var expected = Enumerable.Range(1, Requests).Where(i => Correlation(i) == "run-b").Select(i => $"rb-pick-{i}").Order();
        Assert.Equal(expected, runB.Select(o => o.RequestId).Order());
        Assert.All(runB, o => Assert.Equal("run-b", o.CorrelationId));
    }

    private static string Body(int i)
    {
        var environment = (i % 4) switch { 0 => "settled-env", 1 => "busy-env", 2 => "settled-env", _ => "not a valid name!" };
        var request = new Dictionary<string, string> { ["environmentName"] = environment, ["requestId"] = $"rb-pick-{i}" };
        if (Correlation(i) is { } correlation)
        {
            request["correlationId"] = correlation;
        }

        return JsonSerializer.Serialize(request);
    }

    private static string? Correlation(int i) => i % 3 == 0 ? null : i % 2 == 1 ? "run-a" : "run-b";

    private static (string RequestId, string Kind, string? CorrelationId) Outcome(Amazon.SQS.Model.Message message)
    {
        var outcome = OutcomeSchema.AssertValid(JsonDocument.Parse(message.Body).RootElement.Clone());
        return (outcome.GetProperty("requestId").GetString()!, outcome.GetProperty("outcome").GetString()!, outcome.GetProperty("correlationId").GetString());
    }
}
