using System.Text.Json.Nodes;
using static ProtonCancelLambda.Tests.Deployment.SamTemplate;

namespace ProtonCancelLambda.Tests.Deployment;

/// <summary>Least privilege and encryption, checked on the template as written.</summary>
public sealed class TemplateSecurityTests
{
    private static readonly string[] ScopedServices = ["proton:", "sns:", "sqs:", "kms:", "dynamodb:"];

    private readonly SamTemplate _template = SamTemplate.Load();

    [Fact]
    public void EveryPolicyStatement_HasAUniqueSid()
    {
        var statements = _template.PolicyStatements().ToList();
        Assert.NotEmpty(statements);
        Assert.All(statements, s => Assert.False(string.IsNullOrWhiteSpace(Text(s.Statement["Sid"])), $"A statement in {s.Where} has no Sid."));
        Assert.All(statements.GroupBy(s => (s.Where, Text(s.Statement["Sid"]))), group => Assert.Single(group));
    }

    [Fact]
    public void ProtonSnsSqsKmsStatements_NeverUseAWildcardResource()
    {
        var scoped = _template.PolicyStatements()
            .Where(s => Actions(s.Statement).Any(action => ScopedServices.Any(prefix => action.StartsWith(prefix, StringComparison.Ordinal))))
            .ToList();
        Assert.NotEmpty(scoped);
        foreach (var (where, statement) in scoped)
        {
            var resources = statement["Resource"] is JsonArray list ? list.ToList() : [statement["Resource"]];
            Assert.All(resources, resource => Assert.False(
                resource is null || (resource is JsonValue && Text(resource).Contains('*', StringComparison.Ordinal)),
                $"{where}/{Text(statement["Sid"])} grants {string.Join(",", Actions(statement))} on '{Text(resource)}'."));
        }
    }

    [Fact]
    public void FunctionRole_GrantsExactlyWhatTheWorkflowCalls_OnItsOwnResources()
    {
        var roleId = ReferencedId(_template.Function["Role"]);
        Assert.NotNull(roleId);
        var grants = _template.PolicyStatements().Where(s => s.Where == roleId).Select(s => s.Statement).ToList();

        var proton = Assert.Single(grants, s => Actions(s).Any(a => a.StartsWith("proton:", StringComparison.Ordinal)));
        Assert.Equal(["proton:CancelEnvironmentDeployment", "proton:GetEnvironment"], Actions(proton).Order(StringComparer.Ordinal));
        var protonResource = Text(proton["Resource"]!["Fn::Sub"]);
        Assert.StartsWith("arn:${AWS::Partition}:proton:${AWS::Region}:${AWS::AccountId}:environment/${", protonResource, StringComparison.Ordinal);
        Assert.Null(_template.Parameters["EnvironmentNamePattern"]!["Default"]);

        var publish = Assert.Single(grants, s => Actions(s).SequenceEqual(["sns:Publish"]));
        Assert.Contains("OutcomeTopic", publish["Resource"]!.ToJsonString(), StringComparison.Ordinal);

        var send = grants.Where(s => Actions(s).Contains("sqs:SendMessage")).Select(s => ReferencedId(s["Resource"])).ToList();
        Assert.Contains("RequestQueue", send);
        Assert.All(grants, s => Assert.DoesNotContain(Actions(s), a => a.EndsWith(":*", StringComparison.Ordinal) || a == "*"));
    }

    [Fact]
    public void EveryQueue_IsEncrypted()
    {
        var queues = _template.ResourcesOfType("AWS::SQS::Queue").ToList();
        Assert.Equal(3, queues.Count);
        Assert.All(queues, q => Assert.True(
            Text(q.Value["Properties"]!["SqsManagedSseEnabled"]) == "true" || q.Value["Properties"]!["KmsMasterKeyId"] is not null,
            $"{q.Key} is not encrypted."));
    }

    [Fact]
    public void OutcomeTopic_IsEncryptedWithTheAwsManagedKeyOrTheGivenKey()
    {
        var key = _template.Properties("OutcomeTopic")["KmsMasterKeyId"]!["Fn::If"]!.AsArray();
        Assert.Equal("OutcomeTopicKmsKeyArn", ReferencedId(key[1]));
        Assert.Equal("alias/aws/sns", Text(key[2]));
    }

    private static List<string> Actions(JsonObject statement) => Strings(statement["Action"]).ToList();
}
