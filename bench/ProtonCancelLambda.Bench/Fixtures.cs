using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace ProtonCancelLambda.Bench;

/// <summary>Events shared by the benchmarks.</summary>
internal static class Fixtures
{
    /// <summary>An SQS event with one record per body.</summary>
    public static byte[] SqsEvent(IEnumerable<(string MessageId, string Body)> records)
    {
        var array = new JsonArray();
        var sent = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        foreach (var (messageId, body) in records)
        {
            array.Add(new JsonObject
            {
                ["messageId"] = messageId,
                ["receiptHandle"] = "handle-" + messageId,
                ["body"] = body,
                ["attributes"] = new JsonObject
                {
                    ["ApproximateReceiveCount"] = "1",
                    ["SentTimestamp"] = sent,
                    ["SenderId"] = "AIDAEXAMPLE",
                    ["ApproximateFirstReceiveTimestamp"] = sent,
                },
                ["messageAttributes"] = new JsonObject(),
                ["md5OfBody"] = "0",
                ["eventSource"] = "aws:sqs",
                ["eventSourceARN"] = "arn:aws:sqs:us-east-1:123456789012:proton-cancel-requests",
                ["awsRegion"] = "us-east-1",
            });
        }

        return Encoding.UTF8.GetBytes(new JsonObject { ["Records"] = array }.ToJsonString());
    }

    public static string CancelBody(string environmentName, string requestId) =>
        new JsonObject { ["environmentName"] = environmentName, ["requestId"] = requestId }.ToJsonString();
}
