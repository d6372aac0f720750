using System.IO;
using Microsoft.Extensions.Time.Testing;
using ProtonCancelLambda.Handling;
using ProtonCancelLambda.Logging;
using ProtonCancelLambda.Requests;

namespace ProtonCancelLambda.Tests.Handling;

public class SqsBatchHandlerTests
{
    private static readonly LambdaLogger Logger = new(TextWriter.Null, LogOptions.Default, new FakeTimeProvider());

    private static string Valid(string name) => $$"""{"environmentName":"{{name}}"}""";

    [Fact]
    public async Task Batch_WithValidInvalidAndNonJsonBodies_JudgesEachAndFailsNone()
    {
        var processor = new RecordingProcessor();
        var handler = new SqsBatchHandler(processor, maxConcurrency: 4, Logger);
        var records = TestEvents.Json(SqsEvents.Batch(
            SqsEvents.Record("m-1", Valid("prod")),
            SqsEvents.Record("m-2", """{"environmentName":"bad name"}"""),
            SqsEvents.Record("m-3", "not json at all"),
            SqsEvents.Record("m-4", null))).GetProperty("Records");

        var response = await handler.HandleAsync(records, TestEvents.Context, TestEvents.Deadlines, CancellationToken.None);

        Assert.Empty(response.BatchItemFailures);
        var seen = processor.Seen.ToDictionary(r => r.Id);
        Assert.IsType<AcceptedRequest>(seen["m-1"].Parsed);
        Assert.Contains("does not match", Assert.IsType<RejectedRequest>(seen["m-2"].Parsed).Problem, StringComparison.Ordinal);
        Assert.Contains("not valid JSON", Assert.IsType<RejectedRequest>(seen["m-3"].Parsed).Problem, StringComparison.Ordinal);
        Assert.Contains("no body", Assert.IsType<RejectedRequest>(seen["m-4"].Parsed).Problem, StringComparison.Ordinal);
        Assert.All(seen.Values, r => Assert.Equal(RequestSources.Sqs, r.Source));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1764000000000), seen["m-1"].RequestedAt);
    }

    [Fact]
    public async Task Batch_ReportsOnlyRecordsThatAskForRetry_AndThoseThatThrew()
    {
        var processor = new RecordingProcessor { RetryLaterFor = ["m-2"], ThrowFor = ["m-3"] };
        var handler = new SqsBatchHandler(processor, maxConcurrency: 10, Logger);
        var records = TestEvents.Json(SqsEvents.Batch(
            SqsEvents.Record("m-1", Valid("a")),
            SqsEvents.Record("m-2", Valid("b")),
            SqsEvents.Record("m-3", Valid("c")))).GetProperty("Records");

        var response = await handler.HandleAsync(records, TestEvents.Context, TestEvents.Deadlines, CancellationToken.None);

        Assert.Equal(["m-2", "m-3"], response.BatchItemFailures.Select(f => f.ItemIdentifier));
    }

    [Fact]
    public async Task Batch_RunsRecordsConcurrently_UpToTheBound()
    {
        var processor = new RecordingProcessor { WorkTime = TimeSpan.FromMilliseconds(50) };
        var handler = new SqsBatchHandler(processor, maxConcurrency: 3, Logger);
        var records = TestEvents.Json(SqsEvents.Batch(
            Enumerable.Range(1, 10).Select(i => SqsEvents.Record($"m-{i}", Valid($"env{i}"))).ToArray())).GetProperty("Records");

        await handler.HandleAsync(records, TestEvents.Context, TestEvents.Deadlines, CancellationToken.None);

        Assert.Equal(10, processor.Seen.Count);
        Assert.Equal(3, processor.MaxObservedConcurrency);
    }

    [Fact]
    public async Task FifoBatch_AfterAFailure_FailsTheRestOfThatGroupUntouched_AndOtherGroupsGoOn()
    {
        var processor = new RecordingProcessor { RetryLaterFor = ["a-2"] };
        var handler = new SqsBatchHandler(processor, maxConcurrency: 5, Logger);
        var records = TestEvents.Json(SqsEvents.Batch(
            SqsEvents.FifoRecord("a-1", Valid("a"), "A"),
            SqsEvents.FifoRecord("b-1", Valid("b"), "B"),
            SqsEvents.FifoRecord("a-2", Valid("a"), "A"),
            SqsEvents.FifoRecord("a-3", Valid("a"), "A"),
            SqsEvents.FifoRecord("b-2", Valid("b"), "B"))).GetProperty("Records");

        var response = await handler.HandleAsync(records, TestEvents.Context, TestEvents.Deadlines, CancellationToken.None);

        Assert.Equal(["a-2", "a-3"], response.BatchItemFailures.Select(f => f.ItemIdentifier));
        Assert.DoesNotContain(processor.Seen, r => r.Id == "a-3");
        var groupA = processor.Seen.Where(r => r.MessageGroupId == "A").Select(r => r.Id);
        Assert.Equal(["a-1", "a-2"], groupA);
        Assert.Contains(processor.Seen, r => r.Id == "b-2");
    }

    [Fact]
    public async Task Record_ThatIsNotAnObject_IsRejectedNotThrown()
    {
        var processor = new RecordingProcessor();
        var handler = new SqsBatchHandler(processor, maxConcurrency: 1, Logger);
        var records = TestEvents.Json("""[42, {"messageId":"m-1","body":7}]""");

        var response = await handler.HandleAsync(records, TestEvents.Context, TestEvents.Deadlines, CancellationToken.None);

        Assert.Empty(response.BatchItemFailures);
        Assert.Equal(2, processor.Seen.Count);
        Assert.All(processor.Seen, r => Assert.IsType<RejectedRequest>(r.Parsed));
    }
}
