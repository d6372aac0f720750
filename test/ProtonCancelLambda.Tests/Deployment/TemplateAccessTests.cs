using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using static ProtonCancelLambda.Tests.Deployment.SamTemplate;

namespace ProtonCancelLambda.Tests.Deployment;

/// <summary>
/// Least blast radius by default: the deployer names what may be cancelled and who may ask; the queue and the
/// stack's bus refuse everyone else; every role takes the boundary; producers and waiting pipelines get managed
/// policies that grant what they call and no more.
/// </summary>
public sealed partial class TemplateAccessTests
{
    private const string DetailType = "Proton Environment Deployment Cancel Requested";

    private readonly SamTemplate _template = SamTemplate.Load();

    [Theory]
    [InlineData("EnvironmentNamePattern")]
    [InlineData("RequestSenderArns")]
    public void ParametersThatBoundTheBlastRadius_HaveNoDefault(string parameter)
    {
        Assert.Null(_template.Parameters[parameter]!["Default"]);
    }

    [Fact]
    public void SamConfig_GivesNoValueForTheParametersTheDeployerMustName()
    {
        var text = RepoFiles.Read("samconfig.toml");

        Assert.DoesNotContain("EnvironmentNamePattern=", text, StringComparison.Ordinal);
        Assert.DoesNotContain("RequestSenderArns=", text, StringComparison.Ordinal);
    }

    [Fact]
    public void RequestSenderArns_AcceptsRolesUsersAndPatterns_NotAnyone()
    {
        var pattern = new Regex(Text(_template.Parameters["RequestSenderArns"]!["AllowedPattern"]));

        Assert.Matches(pattern, "arn:aws:iam::123456789012:role/rollback-*");
        Assert.Matches(pattern, "arn:aws:iam::123456789012:role/path/pipeline");
        Assert.Matches(pattern, "arn:aws-us-gov:iam::123456789012:user/ops");
        Assert.DoesNotMatch(pattern, "*");
        Assert.DoesNotMatch(pattern, "arn:aws:iam::*:role/x");
        Assert.DoesNotMatch(pattern, "");
    }

    [Fact]
    public void RequestQueuePolicy_AdmitsTheNamedSenders_AndDeniesEveryoneElseButTheFunction()
    {
        var policy = _template.ResourcesOfType("AWS::SQS::QueuePolicy").Single(p => ReferencedId(p.Value["Properties"]!["Queues"]![0]) == "RequestQueue");
        var statements = Statements(policy.Value);

        var allow = Assert.Single(statements, s => Text(s["Effect"]) == "Allow");
        Assert.Equal(["sqs:SendMessage"], Strings(allow["Action"]));
        Assert.Equal("RequestSenderArns", ReferencedId(allow["Condition"]!["ArnLike"]!["aws:PrincipalArn"]));

        var deny = Assert.Single(statements, s => Text(s["Effect"]) == "Deny");
        Assert.Equal(["sqs:SendMessage"], Strings(deny["Action"]));
        Assert.Equal("*", Text(deny["Principal"]));
        var exempt = deny["Condition"]!["ArnNotLike"]!["aws:PrincipalArn"]!.ToJsonString();
        Assert.Contains("{\"Ref\":\"RequestSenderArns\"}", exempt, StringComparison.Ordinal);
        // The function sends its own continuations to this queue.
        Assert.Contains($"{{\"Fn::GetAtt\":[\"{ReferencedId(_template.Function["Role"])}\",\"Arn\"]}}", exempt, StringComparison.Ordinal);
    }

    [Fact]
    public void ByDefault_TheRuleListensOnTheStacksOwnBus_WhichOnlyTheNamedSendersMayPutOn()
    {
        Assert.Equal(string.Empty, Text(_template.Parameters["EventBusName"]!["Default"]));
        var bus = _template.Resource("RequestEventBus");
        Assert.Equal("CreateRequestBus", Text(bus["Condition"]));
        var rule = _template.Function["Events"]!["CancelRequested"]!["Properties"]!["EventBusName"]!["Fn::If"]!.AsArray();
        Assert.Equal(("CreateRequestBus", "RequestEventBus", "EventBusName"), (Text(rule[0]), ReferencedId(rule[1]), ReferencedId(rule[2])));

        var statements = Statements(bus);
        var allow = Assert.Single(statements, s => Text(s["Effect"]) == "Allow");
        var deny = Assert.Single(statements, s => Text(s["Effect"]) == "Deny");
        Assert.All([allow, deny], s => Assert.Equal(["events:PutEvents"], Strings(s["Action"])));
        Assert.Equal("RequestSenderArns", ReferencedId(allow["Condition"]!["ArnLike"]!["aws:PrincipalArn"]));
        Assert.Equal("RequestSenderArns", ReferencedId(deny["Condition"]!["ArnNotLike"]!["aws:PrincipalArn"]));
        Assert.Equal(Text(bus["Properties"]!["Name"]!["Fn::Sub"]), Text(deny["Resource"]!["Fn::Sub"]).Split("event-bus/")[1]);
    }

    [Fact]
    public void EveryRole_TakesThePermissionsBoundary()
    {
        var roles = _template.ResourcesOfType("AWS::IAM::Role").ToList();

        Assert.NotEmpty(roles);
        Assert.All(roles, role =>
        {
            var boundary = role.Value["Properties"]!["PermissionsBoundary"]?["Fn::If"]?.AsArray();
            Assert.True(boundary is not null, $"{role.Key} has no PermissionsBoundary.");
            Assert.Equal(("HasPermissionsBoundary", "PermissionsBoundary", "AWS::NoValue"), (Text(boundary[0]), ReferencedId(boundary[1]), ReferencedId(boundary[2])));
        });
        // A SAM function without Role would make a role of its own, out of reach of the boundary above.
        Assert.All(_template.ResourcesOfType("AWS::Serverless::Function"), f => Assert.NotNull(f.Value["Properties"]!["Role"]));
    }

    [Fact]
    public void ProducerPolicy_SendsToTheQueue_AndPutsOnlyCancelRequestsOnTheBus()
    {
        var statements = Statements(_template.Resource("RequestProducerPolicy"));

        var send = Assert.Single(statements, s => Strings(s["Action"]).SequenceEqual(["sqs:SendMessage"]));
        Assert.Equal("RequestQueue", ReferencedId(send["Resource"]));
        var put = Assert.Single(statements, s => Strings(s["Action"]).SequenceEqual(["events:PutEvents"]));
        Assert.Equal("RequestEventSource", ReferencedId(put["Condition"]!["StringEquals"]!["events:source"]));
        Assert.Equal(DetailType, Text(put["Condition"]!["StringEquals"]!["events:detail-type"]));
        Assert.Equal(2, statements.Count);
    }

    [Fact]
    public void ProducerAndCancelAndWaitPolicies_GrantExactlyTheCallsOfTheScript()
    {
        var granted = new[] { "RequestProducerPolicy", "CancelAndWaitPolicy" }
            .SelectMany(id => Statements(_template.Resource(id)))
            .SelectMany(s => Strings(s["Action"]))
            .ToHashSet(StringComparer.Ordinal);

        Assert.Equal(ScriptCalls().Order(StringComparer.Ordinal), granted.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void CancelAndWaitPolicy_ScopesItsQueuesToTheScriptsNamePrefix_AndTheTopicToThisStacks()
    {
        var statements = Statements(_template.Resource("CancelAndWaitPolicy"));
        var script = RepoFiles.Read("scripts", "cancel-and-wait.sh");

        var queues = Assert.Single(statements, s => Strings(s["Action"]).Contains("sqs:CreateQueue"));
        var prefix = Text(queues["Resource"]!["Fn::Sub"]).Split(':')[^1].TrimEnd('*');
        Assert.Contains($"queue_name=\"{prefix}", script, StringComparison.Ordinal);
        var sns = Assert.Single(statements, s => Strings(s["Action"]).Contains("sns:Subscribe"));
        Assert.Contains("OutcomeTopic", sns["Resource"]!.ToJsonString(), StringComparison.Ordinal);
        var stack = Assert.Single(statements, s => Strings(s["Action"]).Contains("cloudformation:DescribeStacks"));
        Assert.Equal("AWS::StackId", ReferencedId(stack["Resource"]));
    }

    [Theory]
    [InlineData("RequestProducerPolicy", "RequestProducerPolicyArn")]
    [InlineData("CancelAndWaitPolicy", "CancelAndWaitPolicyArn")]
    public void ManagedPolicies_AreOutputs_ExportedForOtherStacks(string policy, string output)
    {
        var value = _template.Root["Outputs"]![output]!;

        Assert.Equal(policy, ReferencedId(value["Value"]));
        Assert.Equal("${AWS::StackName}-" + output, Text(value["Export"]!["Name"]!["Fn::Sub"]));
    }

    [Theory]
    [InlineData("RequestQueueUrl")]
    [InlineData("RequestQueueArn")]
    [InlineData("OutcomeTopicArn")]
    [InlineData("EventBusName")]
    [InlineData("RequestEventSource")]
    public void OutputsOtherStacksUse_AreExportedUnderTheStacksName(string output)
    {
        Assert.Equal("${AWS::StackName}-" + output, Text(_template.Root["Outputs"]![output]!["Export"]!["Name"]!["Fn::Sub"]));
    }

    /// <summary>
    /// The IAM actions scripts/cancel-and-wait.sh needs, read from its AWS CLI calls (`aws_cli SERVICE OPERATION`
    /// and `aws_or_fail "what" SERVICE OPERATION`); creating a queue with --tags needs sqs:TagQueue too.
    /// </summary>
    private static HashSet<string> ScriptCalls()
    {
        var script = RepoFiles.Read("scripts", "cancel-and-wait.sh");
        var calls = AwsCall().Matches(script)
            .Select(m => $"{m.Groups["service"].Value}:{string.Concat(m.Groups["operation"].Value.Split('-').Select(w => char.ToUpperInvariant(w[0]) + w[1..]))}")
            .ToHashSet(StringComparer.Ordinal);
        Assert.Contains("sqs:CreateQueue", calls);
        if (Regex.IsMatch(script, @"sqs create-queue[^\n]*\\\n[^\n]*--tags"))
        {
            calls.Add("sqs:TagQueue");
        }

        return calls;
    }

    private static List<JsonObject> Statements(JsonObject resource)
    {
        var properties = resource["Properties"]!;
        var document = properties["PolicyDocument"] ?? properties["Policy"];
        return [.. document!["Statement"]!.AsArray().Select(s => s!.AsObject())];
    }

    [GeneratedRegex(@"aws_(?:cli|or_fail ""[^""]*"") (?<service>sqs|sns|events|cloudformation) (?<operation>[a-z]+(?:-[a-z]+)*)")]
    private static partial Regex AwsCall();
}
