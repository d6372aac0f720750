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
    private readonly Func<double> _random;

    public SqsContinuationQueue(ISqsSender sqs, string queueUrl, Func<double> random)
    {
        _sqs = sqs;
        _queueUrl = queueUrl;
        _random = random;
    }

    public bool DelaysDelivery => !Fifo.Names(_queueUrl);

    public Task SendAsync(CancelRequest request, WatchState watch, TimeSpan delay, DateTimeOffset deadline, CancellationToken cancellationToken) =>
        SendAsync(request, ToBody(request, watch, null, null), delay, string.Create(CultureInfo.InvariantCulture, $"{request.RequestId}#{watch.PollCount}"), deadline, cancellationToken);

    public Task PutBackAsync(CancelRequest request, DateTimeOffset? requestedAt, string putBackOf, TimeSpan delay, DateTimeOffset deadline, CancellationToken cancellationToken) =>
        SendAsync(request, ToBody(request, null, requestedAt, putBackOf), delay, request.RequestId + "#put-back", deadline, cancellationToken);

    private Task SendAsync(CancelRequest request, string body, TimeSpan delay, string deduplicationId, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        // Whole seconds, rounded up after up to a second of jitter: never sooner than the poll schedule says, and
        // the watches of one incident, whose delays differ by less than a second, do not all come back in step.
        // FIFO queues take no per-message delay: the resumed watch starts at once, in its group's order.
        var message = Fifo.Names(_queueUrl)
            ? new SqsSendMessageRequest(
                _queueUrl,
                body,
                MessageGroupId: BoundedId.For(request.EnvironmentName),
                MessageDeduplicationId: BoundedId.For(deduplicationId))
            : new SqsSendMessageRequest(_queueUrl, body, DelaySeconds: (int)Math.Clamp(Math.Ceiling(delay.TotalSeconds + _random()), 0, MaxDelay.TotalSeconds));
        return _sqs.SendMessageAsync(message, deadline, cancellationToken);
    }

    /// <summary>
    /// The body of a continuation message: the request (schema v1) with a <c>watch</c> object (<see cref="WatchCodec"/>).
    /// <c>requestId</c> is always written, so the final outcome carries the id the producer knows. A continuation
    /// carries no <c>requestedAt</c>, since its watch keeps the request time as decided; a put-back carries the
    /// request time as decided, since it has no watch, and <c>putBackOf</c>, the delivery it stands in for.
    /// </summary>
    internal static string ToBody(CancelRequest request, WatchState? watch, DateTimeOffset? requestedAt, string? putBackOf)
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
            if (requestedAt is { } time)
            {
                writer.WriteString("requestedAt", IsoTime.Format(time));
            }

            WriteOptional(writer, "putBackOf", putBackOf);
            if (watch is not null)
            {
                writer.WritePropertyName("watch");
                WatchCodec.Write(writer, watch);
            }

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
