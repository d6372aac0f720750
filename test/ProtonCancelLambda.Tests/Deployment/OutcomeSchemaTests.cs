using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ProtonCancelLambda.Outcomes;
using ProtonCancelLambda.Requests;

namespace ProtonCancelLambda.Tests.Deployment;

/// <summary>schemas/outcome.v1.json accepts what the docs promise subscribers and nothing looser.</summary>
public sealed partial class OutcomeSchemaTests
{
    private const string Cancelled = """
        { "schemaVersion": 1, "requestId": "rb-2291", "environmentName": "prod-network",
          "outcome": "CANCELLED", "deploymentStatus": "CANCELLED", "deploymentStatusMessage": "User initiated cancellation.",
          "deploymentId": "d-abc123", "environmentArn": "arn:aws:proton:us-east-1:123456789012:environment/prod-network",
          "source": "sqs", "reason": "canary alarm", "correlationId": "pipeline-run-77",
          "requestedAt": "2026-11-24T10:00:00.000Z", "completedAt": "2026-11-24T10:02:13.000Z", "pollCount": 9, "error": null }
        """;

    private const string Rejected = """
        { "schemaVersion": 1, "requestId": "0b6f0b0e-5555-4a8e-9a51-3d5c1e2f0005", "environmentName": null,
          "outcome": "REJECTED", "deploymentStatus": null, "deploymentStatusMessage": null, "deploymentId": null,
          "environmentArn": null, "source": "eventbridge", "reason": null, "correlationId": null,
          "requestedAt": null, "completedAt": "2026-11-24T10:00:01.123Z", "pollCount": 0,
          "error": "the message body is not valid JSON" }
        """;

    [Fact]
    public void DesignExample_IsValid() => Assert.True(JsonSchemas.Outcome().IsValid(Cancelled));

    [Fact]
    public void RejectedWithNulls_IsValid() => Assert.True(JsonSchemas.Outcome().IsValid(Rejected));

    [Fact]
    public void DocumentedOutcomeSamples_AreValid_AndWriteTimesAsTheFunctionDoes()
    {
        var samples = DocTables.Files
            .SelectMany(file => JsonBlock().Matches(File.ReadAllText(file)).Select(m => (File: Path.GetFileName(file), Json: m.Groups[1].Value)))
            .Where(sample => sample.Json.Contains("\"schemaVersion\"", StringComparison.Ordinal))
            .ToList();

        Assert.NotEmpty(samples);
        foreach (var (file, json) in samples)
        {
            Assert.True(JsonSchemas.Outcome().IsValid(json), $"{file}: outcome sample does not fit schemas/outcome.v1.json");
            foreach (var key in new[] { "requestedAt", "completedAt" })
            {
                var text = (string?)JsonNode.Parse(json)![key];
                var written = text is null ? null : IsoTime.Format(DateTimeOffset.Parse(text, CultureInfo.InvariantCulture));
                Assert.True(text == written, $"{file}: {key} is {text}; the function writes {written}");
            }
        }
    }

    [Theory]
    [InlineData("schemaVersion", "2")]
    [InlineData("outcome", "\"CANCELED\"")]
    [InlineData("deploymentStatus", "\"DONE\"")]
    [InlineData("source", "\"sns\"")]
    [InlineData("pollCount", "-1")]
    [InlineData("pollCount", "1.5")]
    [InlineData("completedAt", "\"yesterday\"")]
    [InlineData("completedAt", "null")]
    [InlineData("requestId", "null")]
    [InlineData("unexpected", "true")]
    public void WrongField_IsInvalid(string field, string json)
    {
        var outcome = JsonNode.Parse(Cancelled)!.AsObject();
        outcome[field] = JsonNode.Parse(json);
        Assert.False(JsonSchemas.Outcome().IsValid(outcome.ToJsonString()));
    }

    [Theory]
    [InlineData("error")]
    [InlineData("environmentArn")]
    [InlineData("pollCount")]
    public void MissingKey_IsInvalid(string field)
    {
        var outcome = JsonNode.Parse(Cancelled)!.AsObject();
        outcome.Remove(field);
        Assert.False(JsonSchemas.Outcome().IsValid(outcome.ToJsonString()));
    }

    [Fact]
    public void RequestSchema_UsesTheCodesLimits()
    {
        var schema = JsonNode.Parse(RepoFiles.Read("schemas", "cancel-request.v1.json"))!["properties"]!;
        Assert.Equal(RequestLimits.EnvironmentNamePatternText, (string?)schema["environmentName"]!["pattern"]);
        Assert.Equal(RequestLimits.MaxEnvironmentNameLength, (int?)schema["environmentName"]!["maxLength"]);
        Assert.Equal(RequestLimits.MaxIdLength, (int?)schema["requestId"]!["maxLength"]);
        Assert.Equal(RequestLimits.MaxIdLength, (int?)schema["expectedDeploymentId"]!["maxLength"]);
        Assert.Equal(RequestLimits.MaxTextLength, (int?)schema["reason"]!["maxLength"]);
        Assert.Equal(RequestLimits.MaxTextLength, (int?)schema["correlationId"]!["maxLength"]);
    }

    [Theory]
    [InlineData("""{"environmentName":"prod-network","watch":{"since":"2026-11-24T10:00:00Z","pollCount":14,"deploymentId":"d-0001"}}""", true)]
    [InlineData("""{"environmentName":"prod-network","somethingNew":42}""", true)]
    [InlineData("""{"environmentName":"prod-network","requestId":null,"reason":null,"watch":null}""", true)]
    [InlineData("""{"environmentName":"prod-network","reason":"line one\nline two"}""", true)]
    [InlineData("""{"environmentName":"prod-network","requestId":"rb\u0001"}""", false)]
    [InlineData("""{"environmentName":"prod-network","correlationId":"run\n77"}""", false)]
    [InlineData("""{"environmentName":"-leading-dash"}""", false)]
    [InlineData("""{"environmentName":""}""", false)]
    [InlineData("""{"requestId":"rb-1"}""", false)]
    [InlineData("""{"environmentName":"prod","watch":{"since":"soon"}}""", false)]
    [InlineData("""{"environmentName":"prod","watch":{"since":"2026-11-24T10:00:00Z","pollCount":-1}}""", false)]
    [InlineData("""{"environmentName":"prod","requestedAt":"2026-11-24T10:00:00.250+01:00"}""", true)]
    [InlineData("""{"environmentName":"prod","requestedAt":null}""", true)]
    [InlineData("""{"environmentName":"prod","requestedAt":"2026-11-24T10:00:00"}""", false)]
    [InlineData("""{"environmentName":"prod","requestedAt":"2026-11-24T10:00Z"}""", false)]
    [InlineData("""{"environmentName":"prod","requestedAt":1764000000}""", false)]
    public void CancelRequest_ValidityMatchesTheParser(string json, bool valid)
    {
        Assert.Equal(valid, JsonSchemas.CancelRequest().IsValid(json));
        Assert.Equal(valid, RequestParser.ParseBody(json, "m-1") is AcceptedRequest);
    }

    [GeneratedRegex(@"```json\s*\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();
}
