using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ProtonCancelLambda.RuntimeApi;

namespace ProtonCancelLambda.Tests.Handling;

internal static class TestEvents
{
    public static InvocationContext Context { get; } = new("invocation-1", DateTimeOffset.MaxValue, "arn:aws:lambda:us-east-1:123456789012:function:f", null);

    public static string SqsRecord(string messageId, string? body, string? groupId = null, bool fifo = false)
    {
        var attributes = new JsonObject
        {
            ["ApproximateReceiveCount"] = "1",
            ["SentTimestamp"] = "1764000000000",
        };
        if (groupId is not null)
        {
            attributes["MessageGroupId"] = groupId;
        }

        var record = new JsonObject
        {
            ["messageId"] = messageId,
            ["receiptHandle"] = "handle-" + messageId,
            ["body"] = body,
            ["attributes"] = attributes,
            ["messageAttributes"] = new JsonObject(),
            ["md5OfBody"] = "0",
            ["eventSource"] = "aws:sqs",
            ["eventSourceARN"] = "arn:aws:sqs:us-east-1:123456789012:requests" + (fifo ? ".fifo" : string.Empty),
            ["awsRegion"] = "us-east-1",
        };
        return record.ToJsonString();
    }

    public static string SqsEvent(params string[] records) => "{\"Records\":[" + string.Join(",", records) + "]}";

    public static Invocation Invocation(string json) => new(Context, Encoding.UTF8.GetBytes(json));

    public static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
