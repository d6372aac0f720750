using System.Text.Json;
using System.Text.RegularExpressions;
using static ProtonCancelLambda.Tests.Deployment.SamTemplate;

namespace ProtonCancelLambda.Tests.Deployment;

/// <summary>What operators get: logs kept for a bounded time, alarms, a dashboard and outputs.</summary>
public sealed partial class TemplateOperationsTests
{
    private readonly SamTemplate _template = SamTemplate.Load();

    [Fact]
    public void Function_LogsToItsOwnLogGroup_WithRetention()
    {
        var logGroupId = ReferencedId(_template.Function["LoggingConfig"]!["LogGroup"])!;
        Assert.Equal("AWS::Logs::LogGroup", Text(_template.Resource(logGroupId)["Type"]));
        Assert.NotNull(_template.Properties(logGroupId)["RetentionInDays"]);
    }

    [Theory]
    [InlineData("AWS/SQS", "ApproximateNumberOfMessagesVisible", "RequestDeadLetterQueue")]
    [InlineData("AWS/SQS", "ApproximateNumberOfMessagesVisible", "EventDeadLetterQueue")]
    [InlineData("AWS/SQS", "ApproximateAgeOfOldestMessage", "RequestQueue")]
    [InlineData("AWS/Lambda", "Errors", FunctionLogicalId)]
    [InlineData("AWS/Lambda", "Throttles", FunctionLogicalId)]
    public void Alarm_Exists(string metricNamespace, string metric, string resource)
    {
        Assert.Contains(_template.ResourcesOfType("AWS::CloudWatch::Alarm"), alarm =>
        {
            var properties = alarm.Value["Properties"]!;
            return Text(properties["Namespace"]) == metricNamespace
                && Text(properties["MetricName"]) == metric
                && ReferencedId(properties["Dimensions"]![0]!["Value"]) == resource;
        });
    }

    [Fact]
    public void Dashboard_IsValidJson_AndShowsOutcomesSettleTimeThrottlesAndQueueDepth()
    {
        var body = Text(_template.Properties("Dashboard")["DashboardBody"]!["Fn::Sub"]);
        using var parsed = JsonDocument.Parse(SubstitutionPattern().Replace(body, "x"));
        Assert.NotEmpty(parsed.RootElement.GetProperty("widgets").EnumerateArray());

        string[] expected =
        [
            "{ProtonCancelLambda,Service,Outcome} MetricName=\\\"Outcomes\\\"", "MetricName=\\\"TimeToSettle\\\"",
            "MetricName=\\\"PollCount\\\"", "MetricName=\\\"TransientFaultsRetried\\\"",
            "\"Throttles\"", "\"ApproximateNumberOfMessagesVisible\"",
        ];
        Assert.All(expected, text => Assert.Contains(text, body, StringComparison.Ordinal));
        Assert.All(
            SubstitutionPattern().Matches(body).Select(m => m.Groups[1].Value.Split('.')[0]),
            name => Assert.True(name.StartsWith("AWS::", StringComparison.Ordinal) || _template.Resources.ContainsKey(name), $"${{{name}}} names nothing."));
    }

    [Theory]
    [InlineData("RequestQueueUrl")]
    [InlineData("DeadLetterQueueUrl")]
    [InlineData("OutcomeTopicArn")]
    [InlineData("FunctionArn")]
    [InlineData("EventBusName")]
    [InlineData("RequestEventSource")]
    [InlineData("RequestProducerPolicyArn")]
    [InlineData("CancelAndWaitPolicyArn")]
    [InlineData("DashboardUrl")]
    public void Output_Exists(string name)
    {
        Assert.NotNull(_template.Root["Outputs"]![name]!["Value"]);
    }

    [Fact]
    public void Output_DeadLetterQueueArn_IsTheRequestDlqsArn_ForARedrive()
    {
        // start-message-move-task takes the DLQ's ARN, not its URL.
        var value = _template.Root["Outputs"]!["DeadLetterQueueArn"]?["Value"];

        Assert.Equal("RequestDeadLetterQueue", ReferencedId(value));
        Assert.Equal("Arn", Text(value!["Fn::GetAtt"]![1]));
    }

    [Fact]
    public void Docs_QueryOnlyStackOutputsThatExist()
    {
        var docs = DocTables.Files.Select(File.ReadAllText);
        var queried = docs.SelectMany(text => OutputQueryPattern().Matches(text).Select(m => m.Groups[1].Value)).Distinct().ToList();

        Assert.Contains("DeadLetterQueueArn", queried);
        Assert.All(queried, name => Assert.True(_template.Root["Outputs"]![name] is not null, $"The docs query output {name}, which template.yaml lacks."));
    }

    [GeneratedRegex(@"OutputKey=='([A-Za-z0-9]+)'")]
    private static partial Regex OutputQueryPattern();

    [GeneratedRegex(@"\$\{([^}]+)\}")]
    private static partial Regex SubstitutionPattern();
}
