using System.Text.Json.Nodes;

namespace ProtonCancelLambda.IntegrationTests.Infrastructure;

/// <summary>SQS events shaped exactly as Lambda's event source mapping sends them.</summary>
public static class SqsEvents
{
    public const string QueueArn = "arn:aws:sqs:us-east-1:123456789012:proton-cancel-requests";

    public static JsonObject Record(string messageId, string? body, string queueArn = QueueArn) => new()
    {
        ["messageId"] = messageId,
        ["receiptHandle"] = "AQEB" + messageId,
        ["body"] = body,
        ["attributes"] = new JsonObject
        {
            ["ApproximateReceiveCount"] = "1",
            ["SentTimestamp"] = "1764000000000",
            ["SenderId"] = "AIDAIENQZJOLO23YVJ4VO",
            ["ApproximateFirstReceiveTimestamp"] = "1764000000001",
        },
        ["messageAttributes"] = new JsonObject(),
        ["md5OfBody"] = "7b270e59b47ff90a553787216d55d91d",
        ["eventSource"] = "aws:sqs",
        ["eventSourceARN"] = queueArn,
        ["awsRegion"] = "us-east-1",
    };

    public static string Batch(params JsonObject[] records) => new JsonObject { ["Records"] = new JsonArray(records) }.ToJsonString();

    public static string EventBridge(string id, JsonNode? detail, string detailType = "Proton Environment Deployment Cancel Requested") => new JsonObject
    {
        ["version"] = "0",
        ["id"] = id,
        ["detail-type"] = detailType,
        ["source"] = "com.example.rollback",
        ["account"] = "123456789012",
        ["time"] = "2026-11-24T10:00:00Z",
        ["region"] = "us-east-1",
        ["resources"] = new JsonArray(),
        ["detail"] = detail,
    }.ToJsonString();
}
