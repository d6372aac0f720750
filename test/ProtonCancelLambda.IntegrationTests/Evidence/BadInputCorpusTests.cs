using System.Text.Json;
using System.Text.Json.Nodes;
using ProtonCancelLambda.IntegrationTests.Infrastructure;

namespace ProtonCancelLambda.IntegrationTests.Evidence;

/// <summary>
/// Issue 6, item 2: every kind of bad input gets a REJECTED outcome naming its problem (or, when the payload
/// is no event at all, an UnrecognizedEventException), through the AOT bootstrap; nothing crashes and nothing
/// is handed back for a retry. One run of the corpus serves every test here.
/// </summary>
[Collection(EvidenceCollection.Name)]
public sealed class BadInputCorpusTests(BadInputRun run, PublishedBootstrap bootstrap) : IClassFixture<BadInputRun>
{
    public static TheoryData<string> Kinds => [.. BadInputCorpus.All.Select(c => c.Kind)];

    [Fact]
    public void Corpus_HasAtLeastFortyDistinctKinds()
    {
        Assert.True(BadInputCorpus.All.Select(c => c.Kind).Distinct().Count() >= 40);
        Assert.Equal(BadInputCorpus.All.Count, BadInputCorpus.All.Select(c => c.Kind).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task BadInput_IsAnsweredWithItsSpecificReason(string kind)
    {
        var results = await run.GetAsync(bootstrap);
        var input = BadInputCorpus.All.Single(c => c.Kind == kind);
        if (input.Carrier == BadInputCarrier.Invocation)
        {
            var response = results.Invocations[kind];
            Assert.True(response.IsError, $"{kind}: expected an invocation error, got {response.BodyText}");
            using var error = JsonDocument.Parse(response.Body);
            Assert.Equal("UnrecognizedEventException", error.RootElement.GetProperty("errorType").GetString());
            Assert.Contains(input.Expect, error.RootElement.GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
            Assert.Empty(results.NotificationsFor(kind));
            return;
        }

        var notification = Assert.Single(results.NotificationsFor(kind));
        Assert.Equal("REJECTED", notification.GetProperty("outcome").GetString());
        Assert.Contains(input.Expect, notification.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Corpus_CrashesNothing_RetriesNothing_AndAValidRequestIsStillCancelled()
    {
        var results = await run.GetAsync(bootstrap);

        var survivor = Assert.Single(results.Notifications, n => n.GetProperty("requestId").GetString() == BadInputRun.ValidEnvironment);
        var summary = Summarize(results);
        summary.Report();
        Assert.False(results.ProcessExited, "the function process exited during the corpus");
        Assert.Equal("CANCELLED", survivor.GetProperty("outcome").GetString());
        // An invocation error would make Lambda retry the SQS batch or the EventBridge event; only payloads
        // that are no event at all end in one (BadInput_IsAnsweredWithItsSpecificReason checks those).
        Assert.False(results.Batch!.IsError, $"the SQS batch of bad records failed as a whole: {results.Batch.BodyText}");
        Assert.All(
            BadInputCorpus.All.Where(c => c.Carrier is BadInputCarrier.EventBridgeDetail or BadInputCarrier.EventBridgeEvent),
            c => Assert.False(results.Invocations[c.Kind].IsError, $"{c.Kind}: the EventBridge invocation failed: {results.Invocations[c.Kind].BodyText}"));
        Assert.All(results.Responses.Where(r => !r.IsError).Append(results.Survivor!), r => Assert.Empty(JsonNode.Parse(r.BodyText)?["batchItemFailures"]?.AsArray() ?? []));
        Assert.Equal(0, summary.Lost);
        Assert.Empty(summary.Violations);
    }

    private static EvidenceSummary Summarize(BadInputRun.Results results)
    {
        var published = BadInputCorpus.All.Where(c => c.Carrier != BadInputCarrier.Invocation).ToList();
        var ids = published.Select(c => results.RequestIds[c.Kind]).ToHashSet();
        var expectations = published.ToDictionary(c => results.RequestIds[c.Kind], c => c.Expect);
        var summary = EvidenceSummary.Tally(
            "corpus",
            ids,
            results.Notifications.Where(n => n.GetProperty("requestId").GetString() != BadInputRun.ValidEnvironment),
            (id, notifications) => notifications[0].GetProperty("outcome").GetString() == "REJECTED" && notifications[0].GetProperty("error").GetString()!.Contains(expectations[id], StringComparison.Ordinal)
                ? null
                : $"{notifications[0].GetProperty("outcome")}: {notifications[0].GetProperty("error")}");
        var unrecognized = BadInputCorpus.All.Where(c => c.Carrier == BadInputCarrier.Invocation)
            .Count(c => results.Invocations[c.Kind].IsError && JsonNode.Parse(results.Invocations[c.Kind].BodyText)?["errorType"]?.GetValue<string>() == "UnrecognizedEventException");
        summary.Measures["kinds"] = BadInputCorpus.All.Count;
        summary.Measures["unrecognizedEventErrors"] = unrecognized;
        summary.Measures["seconds"] = Math.Round(results.Elapsed.TotalSeconds, 1);
        return (summary with { Title = "bad-input corpus: one of each kind (REJECTED with a specific error, or an invocation error when it is no event)", Highlights = ["kinds", "unrecognizedEventErrors"] })
            .WithDuplicates(0)
            .WithOutcomes(new Dictionary<string, int> { ["REJECTED"] = ids.Count });
    }
}
