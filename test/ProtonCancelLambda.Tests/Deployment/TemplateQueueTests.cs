using System.Text.Json.Nodes;
using ProtonCancelLambda.Events;
using static ProtonCancelLambda.Tests.Deployment.SamTemplate;

namespace ProtonCancelLambda.Tests.Deployment;

/// <summary>The SQS and EventBridge wiring: redelivery is bounded, safe and never premature.</summary>
public sealed class TemplateQueueTests
{
    private readonly SamTemplate _template = SamTemplate.Load();

    [Fact]
    public void RequestQueue_VisibilityTimeout_IsAtLeastSixTimesTheFunctionTimeoutPlusTheBatchingWindow()
    {
        var timeout = ParseInt(_template.Function["Timeout"]);
        var window = _template.LargestNumber(SqsEvent()["MaximumBatchingWindowInSeconds"]);
        var visibility = ParseInt(_template.Properties("RequestQueue")["VisibilityTimeout"]);
        Assert.True(visibility >= (6 * timeout) + window, $"VisibilityTimeout {visibility} < 6 x {timeout} + {window}.");
    }

    [Fact]
    public void RequestQueue_RedrivesToAnEncryptedDeadLetterQueueAfterAtLeastFiveReceives()
    {
        var redrive = _template.Properties("RequestQueue")["RedrivePolicy"]!;
        Assert.True(ParseInt(redrive["maxReceiveCount"]) >= 5);
        var dlq = ReferencedId(redrive["deadLetterTargetArn"])!;
        Assert.Equal("AWS::SQS::Queue", Text(_template.Resource(dlq)["Type"]));
        Assert.Equal("true", Text(_template.Properties(dlq)["SqsManagedSseEnabled"]));
    }

    [Fact]
    public void RequestQueue_IsStandard_BecauseContinuationsNeedPerMessageDelay()
    {
        Assert.Null(_template.Properties("RequestQueue")["FifoQueue"]);
    }

    [Fact]
    public void SqsEvent_ReportsPartialFailures_AndBoundsConcurrencyFromAParameter()
    {
        var sqs = SqsEvent();
        Assert.Equal("RequestQueue", ReferencedId(sqs["Queue"]));
        Assert.Contains("ReportBatchItemFailures", Strings(sqs["FunctionResponseTypes"]));
        Assert.Equal("QueueMaximumConcurrency", ReferencedId(sqs["ScalingConfig"]!["MaximumConcurrency"]));
        Assert.InRange(_template.LargestNumber(sqs["BatchSize"]), 1, 10);
        Assert.NotNull(sqs["MaximumBatchingWindowInSeconds"]);
    }

    [Fact]
    public void EventBridgeRule_MatchesTheCodesDetailType_FromTheParameterSource_WithRetriesAndDeadLetters()
    {
        var rule = Event("EventBridgeRule");
        var pattern = rule["Pattern"]!;
        Assert.Equal([EventBridgeEvent.CancelRequestedDetailType], Strings(pattern["detail-type"]));
        Assert.Equal("RequestEventSource", ReferencedId(pattern["source"]![0]));
        Assert.NotNull(rule["RetryPolicy"]!["MaximumRetryAttempts"]);
        var deadLetters = ReferencedId(rule["DeadLetterConfig"]!["Arn"])!;
        Assert.Equal("true", Text(_template.Properties(deadLetters)["SqsManagedSseEnabled"]));
    }

    [Fact]
    public void EventDeadLetterQueue_AcceptsOnlyTheStacksRules()
    {
        var policy = Assert.Single(_template.ResourcesOfType("AWS::SQS::QueuePolicy"), p => ReferencedId(p.Value["Properties"]!["Queues"]![0]) == "EventDeadLetterQueue").Value["Properties"]!;
        var statement = policy["PolicyDocument"]!["Statement"]![0]!;
        Assert.Equal("events.amazonaws.com", Text(statement["Principal"]!["Service"]));

        // The cancel rule always; the alarm rule only when it exists (Fn::If on its condition).
        var sources = statement["Condition"]!["ArnEquals"]!["aws:SourceArn"]!.AsArray();
        Assert.Equal($"{FunctionLogicalId}CancelRequested", ReferencedId(sources[0]));
        var alarm = sources[1]!["Fn::If"]!.AsArray();
        Assert.Equal(("CancelOnAlarm", "CancelOnAlarmRule", "AWS::NoValue"), (Text(alarm[0]), ReferencedId(alarm[1]), ReferencedId(alarm[2])));
        Assert.Equal(2, sources.Count);
    }

    [Fact]
    public void AsyncInvocations_ThatStillFail_GoToTheEventDeadLetterQueue()
    {
        var onFailure = _template.Function["EventInvokeConfig"]!["DestinationConfig"]!["OnFailure"]!;
        Assert.Equal("SQS", Text(onFailure["Type"]));
        Assert.Equal("EventDeadLetterQueue", ReferencedId(onFailure["Destination"]));
    }

    private JsonObject SqsEvent() => Event("SQS");

    private JsonObject Event(string type) => _template.Function["Events"]!.AsObject()
        .Select(pair => pair.Value!.AsObject())
        .Single(e => Text(e["Type"]) == type)["Properties"]!.AsObject();
}
