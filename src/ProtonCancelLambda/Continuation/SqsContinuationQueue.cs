using System.Globalization;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;
using ProtonCancelLambda.Aws;
using ProtonCancelLambda.Aws.Http;
using ProtonCancelLambda.Outcomes;

namespace ProtonCancelLambda.Continuation;

/// <summary>Sends continuation messages to the request queue with AWSSDK.SQS.</summary>
public sealed class SqsContinuationQueue : IContinuationQueue
{
    /// <summary>SQS's longest DelaySeconds.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(900);

    private readonly Lazy<IAmazonSQS> _sqs;
    private readonly string _queueUrl;
    private readonly TimeProvider _clock;

    /// <summary>
    /// Creates the client on the first continuation. Most invocations never send one, and building an
    /// AWSSDK.SQS client (its config reads the shared AWS config files) would otherwise sit on every cold start.
    /// </summary>
    public SqsContinuationQueue(Func<IAmazonSQS> createClient, string queueUrl, TimeProvider clock)
    {
        _sqs = new Lazy<IAmazonSQS>(createClient, LazyThreadSafetyMode.ExecutionAndPublication);
        _queueUrl = queueUrl;
        _clock = clock;
    }

    public bool DelaysDelivery => !Fifo.Names(_queueUrl);

    public async Task ScheduleAsync(Continuation continuation, TimeSpan delay, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var request = new SendMessageRequest(_queueUrl, ToBody(continuation));
        var watch = continuation.Request.Watch!;
        if (Fifo.Names(_queueUrl))
        {
            // FIFO queues take no per-message delay: the resumed watch starts at once, in its group's order.
            request.MessageGroupId = Fifo.Id(continuation.Request.EnvironmentName);
            request.MessageDeduplicationId = Fifo.Id(string.Create(CultureInfo.InvariantCulture, $"{continuation.Request.RequestId}#{watch.PollCount}"));
        }
        else
        {
            request.DelaySeconds = (int)Math.Clamp(Math.Ceiling(delay.TotalSeconds), 0, MaxDelay.TotalSeconds);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Remaining(deadline));
        try
        {
            await _sqs.Value.SendMessageAsync(request, timeout.Token).ConfigureAwait(false);
        }
        catch (AmazonServiceException exception)
        {
            var retryable = exception.StatusCode >= System.Net.HttpStatusCode.InternalServerError || exception.ErrorCode is "ThrottlingException" or "RequestThrottled";
            throw new AwsServiceException(exception.ErrorCode ?? "SqsError", $"SQS SendMessage failed: {exception.Message}", (int)exception.StatusCode, retryable, exception);
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw new AwsServiceException(AwsErrorCodes.RequestTimeout, "SQS SendMessage did not finish before the deadline", null, isRetryable: true, exception);
        }
        catch (AmazonClientException exception)
        {
            throw new AwsServiceException(AwsErrorCodes.NetworkError, $"SQS SendMessage failed: {exception.Message}", null, isRetryable: true, exception);
        }
    }

    internal static string ToBody(Continuation continuation)
    {
        var request = continuation.Request;
        var watch = request.Watch ?? throw new ArgumentException("A continuation needs a watch.", nameof(continuation));
        var message = new ContinuationMessage(
            request.EnvironmentName,
            request.RequestId,
            request.ExpectedDeploymentId,
            request.Reason,
            request.CorrelationId,
            new ContinuationWatch(Timestamps.Format(watch.Since), watch.PollCount, watch.DeploymentId, watch.Source, Timestamps.Format(watch.RequestedAt), watch.Token));
        return JsonSerializer.Serialize(message, ContinuationJsonContext.Default.ContinuationMessage);
    }

    private TimeSpan Remaining(DateTimeOffset deadline)
    {
        var remaining = deadline - _clock.GetUtcNow();
        return remaining > TimeSpan.FromMilliseconds(100) ? remaining : TimeSpan.FromMilliseconds(100);
    }
}
