using System.Globalization;
using System.Text;
using System.Text.Json;
using ProtonCancelLambda.Aws;
using ProtonCancelLambda.Aws.Sqs;
using ProtonCancelLambda.Requests;

namespace ProtonCancelLambda.Cancellation;

/// <summary>Sends continuation messages to the request queue (SQS SendMessage on our signed AWS channel).</summary>
public sealed class SqsContinuationQueue : IContinuationQueue
{
    /// <summary>SQS's longest DelaySeconds.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(900);

    private readonly ISqsSender _sqs;
    private readonly string _queueUrl;

    public SqsContinuationQueue(ISqsSender sqs, string queueUrl)
    {
        _sqs = sqs;
        _queueUrl = queueUrl;
    }

    public bool DelaysDelivery => !Fifo.Names(_queueUrl);

    public Task SendAsync(CancelRequest request, WatchState watch, TimeSpan delay, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var body = ToBody(request, watch);

        // FIFO queues take no per-message delay: the resumed watch starts at once, in its group's order.
        var message = Fifo.Names(_queueUrl)
            ? new SqsSendMessageRequest(
                _queueUrl,
                body,
                MessageGroupId: BoundedId.For(request.EnvironmentName),
                MessageDeduplicationId: BoundedId.For(string.Create(CultureInfo.InvariantCulture, $"{request.RequestId}#{watch.PollCount}")))
            : new SqsSendMessageRequest(_queueUrl, body, DelaySeconds: (int)Math.Clamp(Math.Ceiling(delay.TotalSeconds), 0, MaxDelay.TotalSeconds));
        return _sqs.SendMessageAsync(message, deadline, cancellationToken);
    }

    /// <summary>
    /// The body of a continuation message: the request (schema v1) with a <c>watch</c> object (<see cref="WatchCodec"/>).
    /// <c>requestId</c> is always written, so the final outcome carries the id the producer knows; <c>requestedAt</c>
    /// is not, since the watch keeps the request time as decided.
    /// </summary>
    internal static string ToBody(CancelRequest request, WatchState watch)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("environmentName", request.EnvironmentName);
            writer.WriteString("requestId", request.RequestId);
            WriteOptional(writer, "expectedDeploymentId", request.ExpectedDeploymentId);
            WriteOptional(writer, "reason", request.Reason);
            WriteOptional(writer, "correlationId", request.CorrelationId);
            writer.WritePropertyName("watch");
            WatchCodec.Write(writer, watch);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }
}
