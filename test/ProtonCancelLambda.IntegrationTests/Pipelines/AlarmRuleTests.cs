using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.SQS.Model;
using ProtonCancelLambda.IntegrationTests.Infrastructure;
using ProtonCancelLambda.Local.Simulator.Scenario;
using ProtonCancelLambda.Tests.Deployment;

namespace ProtonCancelLambda.IntegrationTests.Pipelines;

/// <summary>
/// The template's alarm option end to end: the rule's own event pattern and input transformer, read from
/// template.yaml, run in moto's EventBridge on alarm state-change events shaped as CloudWatch sends them; the
/// transformed event, captured by an SQS target, is what Lambda would be invoked with, and it cancels the
/// environment.
/// </summary>
public sealed class AlarmRuleTests(PublishedBootstrap bootstrap, MotoServerFixture moto)
{
    private const string AlarmArn = "arn:aws:cloudwatch:us-east-1:123456789012:alarm:canary-5xx";
    private const string Environment = "busy-env";

    [Fact]
    public async Task AlarmEnteringAlarm_BecomesACancelRequest_ThatCancelsTheEnvironment()
    {
        moto.RequireRunning();
        using var messaging = new MotoMessaging(moto);
        var target = await messaging.CreateQueueAsync("alarm-rule-target");
        var (pattern, transformer) = RuleFromTemplate();
        var ruleName = $"cancel-on-alarm-{Guid.NewGuid():N}"[..40];
        await moto.AwsAsync("events", "put-rule", "--name", ruleName, "--event-bus-name", "default", "--event-pattern", pattern.ToJsonString());
        var targets = new JsonArray(new JsonObject { ["Id"] = "function", ["Arn"] = target.Arn, ["InputTransformer"] = transformer });
        await moto.AwsAsync("events", "put-targets", "--rule", ruleName, "--event-bus-name", "default", "--targets", targets.ToJsonString());
        var firedAt = DateTimeOffset.FromUnixTimeSeconds(TimeProvider.System.GetUtcNow().ToUnixTimeSeconds());

        // Only the first of these matches: the second is the same alarm going back to OK, the third another alarm.
        await PutAlarmEventAsync(AlarmArn, "ALARM", "OK", firedAt);
        await PutAlarmEventAsync(AlarmArn, "OK", "ALARM", firedAt.AddSeconds(1));
        await PutAlarmEventAsync("arn:aws:cloudwatch:us-east-1:123456789012:alarm:unrelated", "ALARM", "OK", firedAt);

        var delivered = await messaging.DrainAsync(target.Url);
        var @event = JsonNode.Parse(Assert.Single(delivered).Body)!.AsObject();
        Assert.Equal("Proton Environment Deployment Cancel Requested", (string?)@event["detail-type"]);
        Assert.Equal(firedAt, DateTimeOffset.Parse((string)@event["time"]!, CultureInfo.InvariantCulture));
        var eventId = (string)@event["id"]!;
        Assert.Equal(eventId, (string?)@event["detail"]!["requestId"]);
        MendMotosTimePlaceholder(@event, firedAt);

        var scenario = ScenarioFile.Parse("""{"environments":[{"name":"busy-env","cancel":{"settlesAs":"CANCELLED","afterSeconds":1}}]}""");
        await using var harness = await FunctionHarness.StartAsync(FunctionMode.InProcess, FunctionHarness.BaseEnvironment, bootstrap, scenario);
        var response = await harness.InvokeAsync(@event.ToJsonString());

        Assert.False(response.IsError, response.BodyText);
        var outcome = Assert.Single(harness.Outcomes);
        Assert.Equal(("CANCELLED", Environment, eventId, "eventbridge"), (Text(outcome, "outcome"), Text(outcome, "environmentName"), Text(outcome, "requestId"), Text(outcome, "source")));
        Assert.Equal(("CloudWatch alarm canary-5xx entered ALARM", AlarmArn), (Text(outcome, "reason"), Text(outcome, "correlationId")));
        Assert.Equal(1, harness.Simulator.Calls.CancelEnvironmentDeployment);
    }

    /// <summary>The rule's pattern and transformer as CloudFormation would deploy them with the alarm parameters set.</summary>
    private static (JsonObject Pattern, JsonObject Transformer) RuleFromTemplate()
    {
        var template = CloudFormationYaml.Parse(File.ReadAllText(RepoFiles.PathOf("template.yaml")));
        var rule = template["Resources"]!["CancelOnAlarmRule"]!["Properties"]!;
        var pattern = rule["EventPattern"]!.DeepClone().AsObject();
        Assert.Equal("CancelOnAlarmArns", (string?)pattern["resources"]!["Ref"]);
        pattern["resources"] = new JsonArray(AlarmArn);

        var transformer = rule["Targets"]![0]!["InputTransformer"]!.DeepClone().AsObject();
        var source = (string)template["Parameters"]!["RequestEventSource"]!["Default"]!;
        var inputTemplate = ((string)transformer["InputTemplate"]!["Fn::Sub"]!)
            .Replace("${RequestEventSource}", source, StringComparison.Ordinal)
            .Replace("${CancelOnAlarmEnvironment}", Environment, StringComparison.Ordinal);
        Assert.DoesNotContain("${", inputTemplate, StringComparison.Ordinal);
        transformer["InputTemplate"] = inputTemplate;
        Assert.DoesNotContain("\"Fn::", pattern.ToJsonString() + transformer.ToJsonString(), StringComparison.Ordinal);
        return (pattern, transformer);
    }

    /// <summary>
    /// One deviation of moto's transformer: it fills &lt;time&gt; from its internal epoch seconds, where EventBridge
    /// puts the event's time string (it does turn the top-level "time" back into ISO 8601 before SQS). Checked
    /// to be exactly that, then set to what EventBridge would have written.
    /// </summary>
    private static void MendMotosTimePlaceholder(JsonObject @event, DateTimeOffset firedAt)
    {
        var written = (string)@event["detail"]!["requestedAt"]!;
        Assert.Equal(firedAt.ToUnixTimeSeconds(), (long)double.Parse(written, CultureInfo.InvariantCulture));
        @event["detail"]!["requestedAt"] = (string?)@event["time"];
    }

    /// <summary>A single-metric alarm's state change, shaped as CloudWatch sends it to EventBridge.</summary>
    private async Task PutAlarmEventAsync(string alarmArn, string state, string previousState, DateTimeOffset time)
    {
        var name = alarmArn[(alarmArn.LastIndexOf(':') + 1)..];
        var stamp = time.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'+0000'", CultureInfo.InvariantCulture);
        var detail = new JsonObject
        {
            ["alarmName"] = name,
            ["configuration"] = new JsonObject
            {
                ["description"] = "5xx rate of the canary above 2%",
                ["metrics"] = new JsonArray(new JsonObject
                {
                    ["id"] = "m1",
                    ["metricStat"] = new JsonObject
                    {
                        ["metric"] = new JsonObject { ["dimensions"] = new JsonObject { ["Service"] = "checkout" }, ["name"] = "5xxRate", ["namespace"] = "Canary" },
                        ["period"] = 60,
                        ["stat"] = "Average",
                    },
                    ["returnData"] = true,
                }),
            },
            ["previousState"] = new JsonObject { ["reason"] = "Threshold Crossed: 1 datapoint [0.1] was not greater than the threshold (2.0).", ["timestamp"] = stamp, ["value"] = previousState },
            ["state"] = new JsonObject
            {
                ["reason"] = "Threshold Crossed: 1 out of the last 1 datapoints [7.5 (02/12/26 10:00:00)] was greater than the threshold (2.0).",
                ["reasonData"] = """{"version":"1.0","statistic":"Average","period":60,"recentDatapoints":[7.5],"threshold":2.0}""",
                ["timestamp"] = stamp,
                ["value"] = state,
            },
        };
        var entry = new JsonObject
        {
            ["Source"] = "aws.cloudwatch",
            ["DetailType"] = "CloudWatch Alarm State Change",
            ["Resources"] = new JsonArray(alarmArn),
            ["Detail"] = detail.ToJsonString(),
            ["Time"] = time.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        };
        var result = await moto.AwsAsync("events", "put-events", "--entries", new JsonArray(entry).ToJsonString());
        Assert.Equal(0, result.GetProperty("FailedEntryCount").GetInt32());
    }

    private static string? Text(JsonElement outcome, string name) => outcome.GetProperty(name).GetString();
}
