using System.Buffers;
using System.Globalization;
using System.Text.Json;
using ProtonCancelLambda.Local.Sqs;

namespace ProtonCancelLambda.Local.Invoke;

/// <summary>Writes the SQS event Lambda's event source mapping would invoke the function with for a batch.</summary>
internal static class SqsEventWriter
{
    public static byte[] Write(IReadOnlyList<QueuedMessage> batch, DateTimeOffset receivedAt)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("Records");
            foreach (var message in batch)
            {
                writer.WriteStartObject();
                writer.WriteString("messageId", message.MessageId);
                writer.WriteString("receiptHandle", $"{message.MessageId}#{message.ReceiveCount + 1}");
                writer.WriteString("body", message.Body);
                writer.WriteStartObject("attributes");
                writer.WriteString("ApproximateReceiveCount", (message.ReceiveCount + 1).ToString(CultureInfo.InvariantCulture));
                writer.WriteString("SentTimestamp", message.SentAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
                writer.WriteString("SenderId", "AROAEXAMPLELOCALRUN:proton-cancel");
                writer.WriteString("ApproximateFirstReceiveTimestamp", receivedAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
                if (message.TraceHeader is not null)
                {
                    writer.WriteString("AWSTraceHeader", message.TraceHeader);
                }

                writer.WriteEndObject();
                writer.WriteStartObject("messageAttributes");
                writer.WriteEndObject();
                writer.WriteString("md5OfBody", message.Md5OfBody);
                writer.WriteString("eventSource", "aws:sqs");
                writer.WriteString("eventSourceARN", LocalRequestQueue.Arn);
                writer.WriteString("awsRegion", "us-east-1");
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
