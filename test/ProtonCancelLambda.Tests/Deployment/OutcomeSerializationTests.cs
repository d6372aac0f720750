using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using ProtonCancelLambda.Outcomes;
using ProtonCancelLambda.Requests;

namespace ProtonCancelLambda.Tests.Deployment;

/// <summary>What the function's own serializer writes is what schemas/outcome.v1.json promises subscribers.</summary>
public sealed class OutcomeSerializationTests
{
    private static readonly string[] KindNames = typeof(OutcomeKinds).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(field => field.IsLiteral)
        .Select(field => (string)field.GetRawConstantValue()!)
        .ToArray();

    public static TheoryData<string> Kinds { get; } = [.. KindNames];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void SerializedOutcome_OfEveryKind_ValidatesAgainstTheSchema(string kind)
    {
        var clock = new DateTimeOffset(2026, 11, 24, 10, 2, 13, 456, TimeSpan.Zero);
        var outcome = new Outcome
        {
            RequestId = "rb-2291",
            EnvironmentName = kind == OutcomeKinds.Rejected ? null : "prod-network",
            Kind = kind,
            DeploymentStatus = kind is OutcomeKinds.Rejected or OutcomeKinds.NotFound or OutcomeKinds.Error ? null : "CANCELLED",
            Source = "eventbridge",
            RequestedAt = IsoTime.Format(clock.AddMinutes(-2)),
            CompletedAt = IsoTime.Format(clock),
            PollCount = 3,
            Error = kind is OutcomeKinds.Rejected or OutcomeKinds.Error ? "something named" : null,
        };

        var json = JsonSerializer.Serialize(outcome, OutcomeJsonContext.Default.Outcome);
        Assert.True(JsonSchemas.Outcome().IsValid(json), json);
    }

    [Fact]
    public void SchemaOutcomeEnum_IsExactlyTheCodesOutcomeKinds()
    {
        var schema = JsonNode.Parse(RepoFiles.Read("schemas", "outcome.v1.json"))!;
        var kinds = schema["properties"]!["outcome"]!["enum"]!.AsArray().Select(node => (string)node!).Order(StringComparer.Ordinal);
        Assert.Equal(KindNames.Order(StringComparer.Ordinal), kinds);
    }

    [Fact]
    public void SchemaRequiredKeys_AreExactlyWhatTheSerializerWrites()
    {
        var schema = JsonNode.Parse(RepoFiles.Read("schemas", "outcome.v1.json"))!;
        var required = schema["required"]!.AsArray().Select(node => (string)node!).Order(StringComparer.Ordinal);
        var written = JsonNode.Parse(JsonSerializer.Serialize(
            new Outcome { RequestId = "r", Kind = OutcomeKinds.Cancelled, Source = "sqs", CompletedAt = "2026-11-24T10:00:00.000Z" },
            OutcomeJsonContext.Default.Outcome))!.AsObject().Select(pair => pair.Key).Order(StringComparer.Ordinal);
        Assert.Equal(required, written);
    }
}
