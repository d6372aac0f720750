using ProtonCancelLambda.Handling;
using ProtonCancelLambda.Requests;

namespace ProtonCancelLambda.Tests.Handling;

/// <summary>Continuations travel only on the SQS request queue; a watch in an EventBridge event is forged.</summary>
public class EventBridgeWatchTests
{
    [Fact]
    public async Task EventBridgeEvent_WithAWatch_IsRejectedKeepingWhatCouldBeRead()
    {
        var processor = new RecordingProcessor();
        var json = """
            {"version":"0","id":"evt-9","detail-type":"Proton Environment Deployment Cancel Requested","source":"rollback.pipeline",
             "account":"123456789012","time":"2026-11-24T10:00:00Z","region":"us-east-1","resources":[],
             "detail":{"environmentName":"prod-network","requestId":"rb-9","reason":"r","watch":{"since":"2026-11-24T10:00:00Z","pollCount":1,"deploymentId":"d-0001"}}}
            """;

        await new EventBridgeHandler(processor).HandleAsync(TestEvents.Json(json), TestEvents.Context, TestEvents.Deadlines, CancellationToken.None);

        var rejected = Assert.IsType<RejectedRequest>(Assert.Single(processor.Seen).Parsed);
        Assert.Equal("rb-9", rejected.RequestId);
        Assert.Equal("prod-network", rejected.EnvironmentName);
        Assert.Equal("r", rejected.Reason);
        Assert.Equal("watch is written by the function into its own continuation messages on the SQS request queue; an EventBridge event cannot carry one", rejected.Problem);
    }
}
