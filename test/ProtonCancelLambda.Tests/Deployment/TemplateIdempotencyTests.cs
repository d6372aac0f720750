using ProtonCancelLambda.Configuration;
using static ProtonCancelLambda.Tests.Deployment.SamTemplate;

namespace ProtonCancelLambda.Tests.Deployment;

/// <summary>The idempotency table as template.yaml creates it, and the narrow grant the function gets on it.</summary>
public sealed class TemplateIdempotencyTests
{
    private const string TableId = "IdempotencyRecordTable";

    private readonly SamTemplate _template = SamTemplate.Load();

    [Fact]
    public void Table_IsCreatedByDefault_OnDemandEncrypted_WithPowertoolsLayout()
    {
        var table = _template.Resource(TableId);
        var properties = _template.Properties(TableId);

        Assert.Equal("AWS::DynamoDB::Table", Text(table["Type"]));
        Assert.Equal("CreateIdempotencyTable", Text(table["Condition"]));
        Assert.Equal("true", Text(_template.Parameters["IdempotencyTable"]!["Default"]));
        Assert.Equal("PAY_PER_REQUEST", Text(properties["BillingMode"]));
        Assert.Equal("true", Text(properties["SSESpecification"]!["SSEEnabled"]).ToLowerInvariant());
        Assert.Equal(("expiration", "true"), (Text(properties["TimeToLiveSpecification"]!["AttributeName"]), Text(properties["TimeToLiveSpecification"]!["Enabled"]).ToLowerInvariant()));
        var key = Assert.Single(properties["KeySchema"]!.AsArray());
        Assert.Equal(("id", "HASH"), (Text(key!["AttributeName"]), Text(key["KeyType"])));
        var attribute = Assert.Single(properties["AttributeDefinitions"]!.AsArray());
        Assert.Equal(("id", "S"), (Text(attribute!["AttributeName"]), Text(attribute["AttributeType"])));
    }

    [Fact]
    public void Function_GetsTheTableOnlyWhenItIsCreated_AndItsTimeToLive()
    {
        var variables = _template.Function["Environment"]!["Variables"]!;
        var name = variables[SettingNames.IdempotencyTableName]!["Fn::If"]!.AsArray();

        Assert.Equal("CreateIdempotencyTable", Text(name[0]));
        Assert.Equal(TableId, ReferencedId(name[1]));
        Assert.Equal(string.Empty, Text(name[2]));
        Assert.Equal("IdempotencyTtlSeconds", ReferencedId(variables[SettingNames.IdempotencyTtlSeconds]));
        Assert.True(ParseInt(_template.Parameters["IdempotencyTtlSeconds"]!["MinValue"]) >= 3600, "the code refuses a TTL under an hour");
        Assert.Equal(86400, ParseInt(_template.Parameters["IdempotencyTtlSeconds"]!["Default"]));
    }

    [Fact]
    public void Role_MayOnlyPutAndUpdateItemsOfThatTable()
    {
        var roleId = ReferencedId(_template.Function["Role"]);
        var dynamoDb = _template.PolicyStatements()
            .Where(s => s.Where == roleId && Strings(s.Statement["Action"]).Any(a => a.StartsWith("dynamodb:", StringComparison.Ordinal)))
            .Select(s => s.Statement)
            .ToList();

        var grant = Assert.Single(dynamoDb);
        Assert.Equal("ClaimAndCompleteIdempotencyRecords", Text(grant["Sid"]));
        Assert.Equal(["dynamodb:PutItem", "dynamodb:UpdateItem"], Strings(grant["Action"]).Order(StringComparer.Ordinal));
        Assert.Equal(TableId, ReferencedId(grant["Resource"]));
    }

    [Fact]
    public void ProtonRates_ReachTheFunction_AndARuleRefusesThemWithoutTheTable()
    {
        var variables = _template.Function["Environment"]!["Variables"]!;
        Assert.Equal("ProtonGetEnvironmentPerSecond", ReferencedId(variables[SettingNames.ProtonGetEnvironmentPerSecond]));
        Assert.Equal("ProtonCancelPerSecond", ReferencedId(variables[SettingNames.ProtonCancelPerSecond]));

        var rule = _template.Root["Rules"]!["ProtonRatesNeedTable"]!.ToJsonString();
        Assert.Contains("""{"Fn::Equals":[{"Ref":"IdempotencyTable"},"false"]}""", rule, StringComparison.Ordinal);
        Assert.Contains("""{"Fn::Equals":[{"Ref":"ProtonGetEnvironmentPerSecond"},"0"]}""", rule, StringComparison.Ordinal);
        Assert.Contains("""{"Fn::Equals":[{"Ref":"ProtonCancelPerSecond"},"0"]}""", rule, StringComparison.Ordinal);
    }
}
