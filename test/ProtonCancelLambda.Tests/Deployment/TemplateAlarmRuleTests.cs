using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ProtonCancelLambda.Events;
using ProtonCancelLambda.Requests;
using static ProtonCancelLambda.Tests.Deployment.SamTemplate;

namespace ProtonCancelLambda.Tests.Deployment;

/// <summary>
/// The alarm option: off unless both parameters are set, on the default bus (the only one CloudWatch sends
/// to), delivered like the cancel-request rule, and transformed into an event the function takes as a
/// cancel request. The end-to-end run through EventBridge's transformer is in the integration tests.
/// </summary>
public sealed partial class TemplateAlarmRuleTests
{
    private const string Rule = "CancelOnAlarmRule";

    private readonly SamTemplate _template = SamTemplate.Load();

    [Fact]
    public void AlarmOption_IsOffByDefault_AndNeedsBothParameters()
    {
        Assert.Equal(string.Empty, Text(_template.Parameters["CancelOnAlarmArns"]!["Default"]));
        Assert.Equal("CommaDelimitedList", Text(_template.Parameters["CancelOnAlarmArns"]!["Type"]));
        Assert.Equal(string.Empty, Text(_template.Parameters["CancelOnAlarmEnvironment"]!["Default"]));
        Assert.Equal("CancelOnAlarm", Text(_template.Resource(Rule)["Condition"]));
        Assert.Equal("CancelOnAlarm", Text(_template.Resource("CancelOnAlarmPermission")["Condition"]));

        var condition = _template.Root["Conditions"]!["CancelOnAlarm"]!.ToJsonString();
        Assert.Contains("\"Ref\":\"CancelOnAlarmArns\"", condition, StringComparison.Ordinal);
        Assert.Contains("\"Ref\":\"CancelOnAlarmEnvironment\"", condition, StringComparison.Ordinal);
        Assert.Equal(["CancelOnAlarmNeedsAlarms", "CancelOnAlarmNeedsEnvironment"], _template.Root["Rules"]!.AsObject().Select(r => r.Key).Where(key => key.StartsWith("CancelOnAlarm", StringComparison.Ordinal)));
    }

    [Fact]
    public void EnvironmentParameter_TakesWhatTheFunctionTakes()
    {
        var pattern = Text(_template.Parameters["CancelOnAlarmEnvironment"]!["AllowedPattern"]);
        Assert.Equal("^$|" + RequestLimits.EnvironmentNamePatternText, pattern);
        Assert.Equal(RequestLimits.MaxEnvironmentNameLength, ParseInt(_template.Parameters["CancelOnAlarmEnvironment"]!["MaxLength"]));
    }

    [Fact]
    public void Rule_MatchesTheNamedAlarmsEnteringAlarm_OnTheDefaultBus()
    {
        var properties = _template.Properties(Rule);
        Assert.Equal("default", Text(properties["EventBusName"]));
        var pattern = properties["EventPattern"]!;
        Assert.Equal(["aws.cloudwatch"], Strings(pattern["source"]));
        Assert.Equal(["CloudWatch Alarm State Change"], Strings(pattern["detail-type"]));
        Assert.Equal("CancelOnAlarmArns", ReferencedId(pattern["resources"]));
        Assert.Equal(["ALARM"], Strings(pattern["detail"]!["state"]!["value"]));
    }

    [Fact]
    public void Target_IsTheFunction_WithTheRetryPolicyAndDeadLettersOfTheCancelRequestedRule()
    {
        var target = Assert.Single(_template.Properties(Rule)["Targets"]!.AsArray())!;
        var cancelRule = _template.Function["Events"]!["CancelRequested"]!["Properties"]!;

        Assert.Equal((FunctionLogicalId, "Arn"), (ReferencedId(target["Arn"]), Text(target["Arn"]!["Fn::GetAtt"]![1])));
        Assert.True(JsonNode.DeepEquals(cancelRule["RetryPolicy"], target["RetryPolicy"]), "The retry policies differ.");
        Assert.True(JsonNode.DeepEquals(cancelRule["DeadLetterConfig"], target["DeadLetterConfig"]), "The dead-letter configurations differ.");
        Assert.Equal(Rule, ReferencedId(_template.Properties("CancelOnAlarmPermission")["SourceArn"]));
        Assert.Equal("events.amazonaws.com", Text(_template.Properties("CancelOnAlarmPermission")["Principal"]));
    }

    [Fact]
    public void Transformer_WritesAWholeCancelRequestEvent_ThatTheFunctionAccepts()
    {
        // events/eventbridge-alarm-cancel.json is what the function receives when canary-5xx enters ALARM.
        var sample = JsonNode.Parse(RepoFiles.Read("events", "eventbridge-alarm-cancel.json"))!;
        var transformer = _template.Properties(Rule)["Targets"]![0]!["InputTransformer"]!;
        var template = Text(transformer["InputTemplate"]!["Fn::Sub"])
            .Replace("${RequestEventSource}", Text(_template.Parameters["RequestEventSource"]!["Default"]), StringComparison.Ordinal)
            .Replace("${CancelOnAlarmEnvironment}", "prod-network", StringComparison.Ordinal);
        var alarmArn = Text(sample["resources"]![0]);
        var values = new Dictionary<string, string>
        {
            ["id"] = Text(sample["id"]), ["account"] = Text(sample["account"]), ["time"] = Text(sample["time"]),
            ["region"] = Text(sample["region"]), ["resources"] = sample["resources"]!.ToJsonString(),
            ["alarmArn"] = alarmArn, ["alarmName"] = alarmArn[(alarmArn.LastIndexOf(':') + 1)..],
        };
        Assert.Equal(values.Keys.Order(), transformer["InputPathsMap"]!.AsObject().Select(p => p.Key).Order());

        var filled = Placeholder().Replace(template, m => values[m.Groups[1].Value]);

        Assert.True(JsonNode.DeepEquals(sample, JsonNode.Parse(filled)), $"The transformer writes {filled}");
        var @event = JsonSerializer.Deserialize(filled, EventJsonContext.Default.EventBridgeEvent)!;
        Assert.Equal(EventBridgeEvent.CancelRequestedDetailType, @event.DetailType);
        var request = Assert.IsType<AcceptedRequest>(RequestParser.Parse(@event.Detail!.Value, "unused")).Request;
        Assert.Equal(("prod-network", values["id"], alarmArn), (request.EnvironmentName, request.RequestId, request.CorrelationId));
        Assert.Equal("CloudWatch alarm canary-5xx entered ALARM", request.Reason);
    }

    [GeneratedRegex("<([A-Za-z0-9_.-]+)>")]
    private static partial Regex Placeholder();
}
