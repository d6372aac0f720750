using System.Globalization;
using System.Text.Json;
using ProtonCancelLambda.Aws;
using ProtonCancelLambda.Aws.Sqs;

namespace ProtonCancelLambda.Continuation;

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

    public Task ScheduleAsync(ContinuationRequest continuation, TimeSpan delay, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var body = ToBody(continuation);
        var watch = continuation.Request.Watch!;

        // FIFO queues take no per-message delay: the resumed watch starts at once, in its group's order.
        var request = Fifo.Names(_queueUrl)
            ? new SqsSendMessageRequest(
                _queueUrl,
                body,
                MessageGroupId: Fifo.Id(continuation.Request.EnvironmentName),
                MessageDeduplicationId: Fifo.Id(string.Create(CultureInfo.InvariantCulture, $"{continuation.Request.RequestId}#{watch.PollCount}")))
            : new SqsSendMessageRequest(_queueUrl, body, DelaySeconds: (int)Math.Clamp(Math.Ceiling(delay.TotalSeconds), 0, MaxDelay.TotalSeconds));
        return _sqs.SendMessageAsync(request, deadline, cancellationToken);
    }

    internal static string ToBody(ContinuationRequest continuation)
    {
        var request = continuation.Request;
        var watch = request.Watch ?? throw new ArgumentException("A continuation needs a watch.", nameof(continuation));
        var message = new ContinuationMessage(
            request.EnvironmentName,
            request.RequestId,
            request.ExpectedDeploymentId,
            request.Reason,
            request.CorrelationId,
            ContinuationWatch.From(watch));
        return JsonSerializer.Serialize(message, ContinuationJsonContext.Default.ContinuationMessage);
    }
}
