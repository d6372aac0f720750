using System.IO;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using ProtonCancelLambda.Handling;
using ProtonCancelLambda.Logging;
using ProtonCancelLambda.Requests;

namespace ProtonCancelLambda.Tests.Handling;

public class EventDispatcherTests
{
    private static EventDispatcher Handler(RecordingProcessor processor) => new(
        new SqsBatchHandler(processor, 2, new LambdaLogger(TextWriter.Null, LogOptions.Default, new FakeTimeProvider())),
        new EventBridgeHandler(processor),
        TimeProvider.System);

    private const string EventBridgeEvent = """
        {"version":"0","id":"evt-1","detail-type":"Proton Environment Deployment Cancel Requested","source":"rollback.pipeline",
         "account":"123456789012","time":"2026-11-24T10:00:00Z","region":"us-east-1","resources":[],
         "detail":{"environmentName":"prod-network","reason":"canary alarm"}}
        """;

    [Fact]
    public async Task SqsEvent_ReturnsTheBatchResponseShape()
    {
        var handler = Handler(new RecordingProcessor());

        var response = await handler.HandleAsync(TestEvents.Invocation(SqsEvents.Batch(SqsEvents.Record("m-1", """{"environmentName":"a"}"""))), CancellationToken.None);

        Assert.Equal("""{"batchItemFailures":[]}""", System.Text.Encoding.UTF8.GetString(response));
    }

    [Fact]
    public async Task EventBridgeEvent_UsesTheDetailAsTheRequest_AndTheEventIdAsDefaultRequestId()
    {
        var processor = new RecordingProcessor();

        var response = await Handler(processor).HandleAsync(TestEvents.Invocation(EventBridgeEvent), CancellationToken.None);

        var request = Assert.Single(processor.Seen);
        Assert.Equal(RequestSources.EventBridge, request.Source);
        var accepted = Assert.IsType<AcceptedRequest>(request.Parsed).Request;
        Assert.Equal("prod-network", accepted.EnvironmentName);
        Assert.Equal("evt-1", accepted.RequestId);
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero), request.RequestedAt);
        using var body = JsonDocument.Parse(response);
        Assert.Equal("completed", body.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task EventBridgeEvent_WithoutDetail_IsRejected()
    {
        var processor = new RecordingProcessor();
        var json = """{"id":"evt-2","detail-type":"Proton Environment Deployment Cancel Requested","source":"x"}""";

        await Handler(processor).HandleAsync(TestEvents.Invocation(json), CancellationToken.None);

        Assert.Contains("no detail", Assert.IsType<RejectedRequest>(Assert.Single(processor.Seen).Parsed).Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EventBridgeEvent_WithADetailNestedDeeperThanAnSqsBodyMayBe_IsRejectedAlike()
    {
        var processor = new RecordingProcessor();
        var deep = string.Concat(Enumerable.Repeat("[", 40)) + string.Concat(Enumerable.Repeat("]", 40));
        var detail = $$"""{"environmentName":"prod-network","extra":{{deep}}}""";
        var json = $$"""{"id":"evt-4","detail-type":"Proton Environment Deployment Cancel Requested","source":"x","detail":{{detail}}}""";

        await Handler(processor).HandleAsync(TestEvents.Invocation(json), CancellationToken.None);

        Assert.IsType<RejectedRequest>(RequestParser.ParseBody(detail, "m-1"));
        var problem = Assert.IsType<RejectedRequest>(Assert.Single(processor.Seen).Parsed).Problem;
        Assert.Contains("nested too deeply", problem, StringComparison.Ordinal);
        Assert.Contains("32", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EventBridgeEvent_OfAnotherDetailType_IsRejected()
    {
        var processor = new RecordingProcessor();
        var json = """{"id":"evt-3","detail-type":"AWS Proton Environment Status Change","source":"aws.proton","detail":{"name":"a"}}""";

        await Handler(processor).HandleAsync(TestEvents.Invocation(json), CancellationToken.None);

        Assert.Contains("is not 'Proton Environment Deployment Cancel Requested'", Assert.IsType<RejectedRequest>(Assert.Single(processor.Seen).Parsed).Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EventBridgeEvent_WithTransientFailure_FailsTheInvocationSoLambdaRetries()
    {
        var processor = new RecordingProcessor { RetryLaterFor = ["evt-1"] };

        await Assert.ThrowsAsync<TransientFailureException>(() => Handler(processor).HandleAsync(TestEvents.Invocation(EventBridgeEvent), CancellationToken.None));
    }

    [Theory]
    [InlineData("""{"foo":1}""", "a JSON object with properties [foo]")]
    [InlineData("{}", "an empty JSON object")]
    [InlineData("[]", "JSON an array")]
    [InlineData("\"text\"", "JSON a string")]
    [InlineData("""{"Records":[{"EventSource":"aws:sns","eventSource":"aws:sns"}]}""", "'aws:sns'")]
    [InlineData("""{"Records":"nope"}""", "Records must be an array")]
    [InlineData("not json", "not JSON")]
    public async Task UnknownShape_ThrowsSayingWhatWasReceived(string json, string expected)
    {
        var exception = await Assert.ThrowsAsync<UnrecognizedEventException>(() => Handler(new RecordingProcessor()).HandleAsync(TestEvents.Invocation(json), CancellationToken.None));

        Assert.Contains(expected, exception.Message, StringComparison.Ordinal);
    }
}
