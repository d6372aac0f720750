using System.Text;
using System.Text.Json.Nodes;

namespace ProtonCancelLambda.Local.Sqs;

/// <summary>The SQS event Lambda's event source mapping invokes the function with: <c>{"Records":[...]}</c>.</summary>
public static class SqsEventJson
{
    public static JsonObject Record(SqsEventRecord record)
    {
        var attributes = new JsonObject();
        foreach (var (name, value) in record.Attributes)
        {
            attributes[name] = value;
        }

        return new JsonObject
        {
            ["messageId"] = record.MessageId,
            ["receiptHandle"] = record.ReceiptHandle,
            ["body"] = record.Body,
            ["attributes"] = attributes,
            ["messageAttributes"] = new JsonObject(),
            ["md5OfBody"] = record.Md5OfBody,
            ["eventSource"] = "aws:sqs",
            ["eventSourceARN"] = record.QueueArn,
            ["awsRegion"] = record.Region,
        };
    }

    /// <summary>
    /// An event of <paramref name="records"/>; these are JSON, not <see cref="SqsEventRecord"/>s, so a test can put
    /// a record of a shape Lambda would never send beside well-formed ones.
    /// </summary>
    public static string Event(IEnumerable<JsonNode?> records) => new JsonObject { ["Records"] = new JsonArray([.. records]) }.ToJsonString();

    public static byte[] Utf8(IEnumerable<SqsEventRecord> records) => Encoding.UTF8.GetBytes(Event(records.Select(Record)));
}
