using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using ProtonCancelLambda.Local.Simulator;
using ProtonCancelLambda.Local.Simulator.Signing;

namespace ProtonCancelLambda.Local.Sqs;

/// <summary>
/// SQS's <c>SendMessage</c> in the AWS JSON 1.0 protocol (the one the AWS SDKs speak to SQS), for the one
/// local request queue: enough for the function's continuation messages, and nothing else.
/// </summary>
internal sealed class SqsQueueEndpoint(SigV4Verifier verifier, LocalRequestQueue queue, RequestLog log)
{
    public const string TargetPrefix = "AmazonSQS.";
    public const string SigningName = "sqs";
    private const string SendMessage = TargetPrefix + "SendMessage";
    private const int MaxDelaySeconds = 900;

    public async Task HandleAsync(HttpContext context, string rawTarget, byte[] body)
    {
        try
        {
            if (verifier.Verify(context.Request, rawTarget, body, SigningName) is { } failure)
            {
                throw new SqsError(failure.Kind == SigV4FailureKind.SignatureMismatch ? "SignatureDoesNotMatch" : "InvalidClientTokenId", 403, failure.Message);
            }

            var target = context.Request.Headers["X-Amz-Target"].ToString();
            if (target != SendMessage)
            {
                throw new SqsError("UnsupportedOperation", 400, $"The local request queue serves SendMessage only, not {target}.");
            }

            var (queueUrl, messageBody, delaySeconds) = ReadSendMessage(body);
            if (!queueUrl.TrimEnd('/').EndsWith("/" + LocalRequestQueue.Name, StringComparison.Ordinal))
            {
                throw new SqsError("QueueDoesNotExist", 400, $"The specified queue does not exist: {queueUrl}");
            }

            var message = queue.Send(messageBody, TimeSpan.FromSeconds(delaySeconds), context.Request.Headers["X-Amzn-Trace-Id"].FirstOrDefault());
            log.Write($"SQS SendMessage {LocalRequestQueue.Name} delay {delaySeconds} s -> 200 {message.MessageId}");
            await WriteAsync(context.Response, 200, writer =>
            {
                writer.WriteString("MD5OfMessageBody", message.Md5OfBody);
                writer.WriteString("MessageId", message.MessageId);
            }).ConfigureAwait(false);
        }
        catch (SqsError error)
        {
            log.Write($"SQS -> {error.StatusCode} {error.Code}");
            await WriteAsync(context.Response, error.StatusCode, writer =>
            {
                writer.WriteString("__type", "com.amazonaws.sqs#" + error.Code);
                writer.WriteString("message", error.Message);
            }).ConfigureAwait(false);
        }
    }

    private static (string QueueUrl, string Body, int DelaySeconds) ReadSendMessage(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            var queueUrl = root.TryGetProperty("QueueUrl", out var url) && url.ValueKind == JsonValueKind.String ? url.GetString()! : throw new SqsError("MissingParameter", 400, "The request must contain the parameter QueueUrl.");
            var messageBody = root.TryGetProperty("MessageBody", out var text) && text.ValueKind == JsonValueKind.String ? text.GetString()! : throw new SqsError("MissingParameter", 400, "The request must contain the parameter MessageBody.");
            var delay = root.TryGetProperty("DelaySeconds", out var seconds) && seconds.ValueKind == JsonValueKind.Number ? seconds.GetInt32() : 0;
            if (delay is < 0 or > MaxDelaySeconds)
            {
                throw new SqsError("InvalidParameterValue", 400, $"Value {delay} for parameter DelaySeconds is invalid. Reason: must be between 0 and {MaxDelaySeconds}, if provided.");
            }

            return (queueUrl, messageBody, delay);
        }
        catch (Exception exception) when (exception is JsonException or FormatException or InvalidOperationException)
        {
            throw new SqsError("InvalidParameterValue", 400, $"The request body could not be read: {exception.Message}");
        }
    }

    private static async Task WriteAsync(HttpResponse response, int statusCode, Action<Utf8JsonWriter> writeMembers)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writeMembers(writer);
            writer.WriteEndObject();
        }

        response.StatusCode = statusCode;
        response.ContentType = "application/x-amz-json-1.0";
        response.ContentLength = buffer.WrittenCount;
        await response.Body.WriteAsync(buffer.WrittenMemory).ConfigureAwait(false);
    }

#pragma warning disable CA1032, CA1064 // A private control-flow exception: only the endpoint throws and catches it.
    private sealed class SqsError(string code, int statusCode, string message) : Exception(message)
#pragma warning restore CA1032, CA1064
    {
        public string Code { get; } = code;

        public int StatusCode { get; } = statusCode;
    }
}
