using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ProtonCancelLambda.Events;
using ProtonCancelLambda.Requests;

namespace ProtonCancelLambda.Tests.Deployment;

/// <summary>
/// Every file in events/ is what its name says (sqs-*, eventbridge-*, scenario-*), and every request
/// in it is judged the same way by the published schema and by the function's parser.
/// </summary>
public sealed class SampleEventTests
{
    // The records of sqs-batch.json that are invalid on purpose: a bad environment name and a non-JSON body.
    private static readonly string[] DeliberatelyInvalid = ["0b6f0b0e-2222-4a8e-9a51-3d5c1e2f0002", "0b6f0b0e-5555-4a8e-9a51-3d5c1e2f0005"];

    public static TheoryData<string> EventFiles { get; } =
        [.. Directory.GetFiles(RepoFiles.PathOf("events"), "*.json").Select(path => Path.GetFileName(path)).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(EventFiles))]
    public void EventFile_ParsesAsTheTypeItsNameClaims(string file)
    {
        var json = RepoFiles.Read("events", file);
        if (file.StartsWith("sqs-", StringComparison.Ordinal))
        {
            var sqs = JsonSerializer.Deserialize(json, EventJsonContext.Default.SqsEvent)!;
            Assert.NotEmpty(sqs.Records);
            Assert.All(sqs.Records, AssertRealisticRecord);
        }
        else if (file.StartsWith("eventbridge-", StringComparison.Ordinal))
        {
            var @event = JsonSerializer.Deserialize(json, EventJsonContext.Default.EventBridgeEvent)!;
            Assert.Equal(EventBridgeEvent.CancelRequestedDetailType, @event.DetailType);
            Assert.Equal(SamTemplate.Text(SamTemplate.Load().Parameters["RequestEventSource"]!["Default"]), @event.Source);
            Assert.False(string.IsNullOrEmpty(@event.Id));
            Assert.True(DateTimeOffset.TryParse(@event.Time, System.Globalization.CultureInfo.InvariantCulture, out _));
            Assert.Equal(JsonValueKind.Object, @event.Detail?.ValueKind);
        }
        else if (file.StartsWith("scenario-", StringComparison.Ordinal))
        {
            using var scenario = JsonDocument.Parse(json);
            Assert.All(scenario.RootElement.GetProperty("environments").EnumerateArray(), environment =>
                Assert.Matches(RequestLimits.EnvironmentNamePattern(), environment.GetProperty("name").GetString()!));
        }
        else
        {
            Assert.Fail($"events/{file}: name it sqs-*, eventbridge-* or scenario-* so its type is clear.");
        }
    }

    [Theory]
    [MemberData(nameof(EventFiles))]
    public void EveryRequest_SchemaAndParserAgree_AndOnlyTheDeliberateOnesAreInvalid(string file)
    {
        var schema = JsonSchemas.CancelRequest();
        var invalid = new List<string>();
        foreach (var (id, body) in Requests(file))
        {
            var schemaValid = schema.IsValidText(body);
            var parserAccepts = RequestParser.ParseBody(body, id) is AcceptedRequest;
            Assert.True(schemaValid == parserAccepts, $"{file} {id}: schema says {schemaValid}, the parser says {parserAccepts}.");
            if (!schemaValid)
            {
                invalid.Add(id);
            }
        }

        Assert.Equal(file == "sqs-batch.json" ? DeliberatelyInvalid : [], invalid);
    }

    [Fact]
    public void SqsCancel_IsOneRequestForProdNetwork()
    {
        var (_, body) = Assert.Single(Requests("sqs-cancel.json"));
        using var request = JsonDocument.Parse(body!);
        Assert.Equal("prod-network", request.RootElement.GetProperty("environmentName").GetString());
    }

    [Fact]
    public void ScenarioBatch_GivesTheBatchsEnvironmentsTheirIntendedStates()
    {
        using var scenario = JsonDocument.Parse(RepoFiles.Read("events", "scenario-batch.json"));
        var environments = scenario.RootElement.GetProperty("environments").EnumerateArray()
            .ToDictionary(e => e.GetProperty("name").GetString()!, e => e, StringComparer.Ordinal);

        var prod = environments["prod-network"];
        Assert.Equal("IN_PROGRESS", prod.GetProperty("deploymentStatus").GetString());
        Assert.Equal("CANCELLED", prod.GetProperty("cancel").GetProperty("settlesAs").GetString());
        Assert.Equal(2, prod.GetProperty("cancel").GetProperty("afterSeconds").GetDouble());
        Assert.Equal("SUCCEEDED", environments["settled-env"].GetProperty("deploymentStatus").GetString());
        Assert.DoesNotContain("no-such-env", environments.Keys);

        var named = Requests("sqs-batch.json").Select(r => r.Body).ToList();
        Assert.All(["prod-network", "settled-env", "no-such-env"], name => Assert.Contains(named, body => body!.Contains($"\"{name}\"", StringComparison.Ordinal)));
    }

    private static IEnumerable<(string Id, string? Body)> Requests(string file)
    {
        var json = RepoFiles.Read("events", file);
        if (file.StartsWith("sqs-", StringComparison.Ordinal))
        {
            return JsonSerializer.Deserialize(json, EventJsonContext.Default.SqsEvent)!.Records.Select(r => (r.MessageId!, r.Body));
        }

        if (file.StartsWith("eventbridge-", StringComparison.Ordinal))
        {
            var @event = JsonSerializer.Deserialize(json, EventJsonContext.Default.EventBridgeEvent)!;
            return [(@event.Id!, @event.Detail?.GetRawText())];
        }

        return [];
    }

    private static void AssertRealisticRecord(SqsMessage record)
    {
        Assert.False(string.IsNullOrEmpty(record.MessageId));
        Assert.False(string.IsNullOrEmpty(record.ReceiptHandle));
        Assert.Equal("aws:sqs", record.EventSource);
        Assert.StartsWith("arn:aws:sqs:", record.EventSourceArn, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(record.Attributes?.SentTimestamp));
        Assert.False(string.IsNullOrEmpty(record.Attributes?.ApproximateReceiveCount));
        Assert.NotNull(record.MessageAttributes);
#pragma warning disable CA5351 // SQS's md5OfBody is MD5; the sample must carry what SQS would compute.
        var md5 = Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(record.Body ?? string.Empty)));
#pragma warning restore CA5351
        Assert.Equal(md5, record.Md5OfBody);
    }
}
