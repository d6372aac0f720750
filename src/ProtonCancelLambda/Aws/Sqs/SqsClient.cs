using System.Text.Json;
using ProtonCancelLambda.Aws.Http;

namespace ProtonCancelLambda.Aws.Sqs;

/// <summary>
/// SQS SendMessage over AWS JSON 1.0 (<c>X-Amz-Target: AmazonSQS.SendMessage</c>), signed with SigV4 (signing
/// name <c>sqs</c>) on the same channel, retry policy and clock as Proton and SNS.
/// </summary>
internal sealed class SqsClient : ISqsSender, IDisposable
{
    public const string SigningName = "sqs";
    public const string EndpointPrefix = "sqs";
    public const string TargetPrefix = "AmazonSQS";
    public const string AwsTraceHeader = "AWSTraceHeader";

    private readonly AwsHttpChannel _channel;

    public SqsClient(AwsHttpChannel channel)
    {
        _channel = channel;
    }

    public Task<string> SendMessageAsync(SqsSendMessageRequest request, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var input = new SendMessageInput(request.QueueUrl, request.MessageBody, request.DelaySeconds, request.MessageGroupId, request.MessageDeduplicationId, TraceAttribute());
        return AwsJsonCall.SendAsync(
            _channel,
            TargetPrefix,
            "SendMessage",
            input,
            SqsJsonContext.Default.SendMessageInput,
            SqsJsonContext.Default.SendMessageOutput,
            output => output?.MessageId is { Length: > 0 } id ? id : throw new JsonException("The response has no MessageId."),
            deadline,
            cancellationToken);
    }

    public void Dispose() => _channel.Dispose();

    /// <summary>
    /// The invocation's trace header also goes in as the AWSTraceHeader system attribute, SQS's documented way to
    /// set it: the message then surely carries its invocation's trace, which Lambda reads when it invokes the next
    /// link of the watch (one X-Ray trace, and the hop count of its recursive loop detection).
    /// </summary>
    private Dictionary<string, MessageSystemAttributeValue>? TraceAttribute() =>
        _channel.CurrentTraceHeader() is { } header
            ? new Dictionary<string, MessageSystemAttributeValue>(StringComparer.Ordinal) { [AwsTraceHeader] = new("String", header) }
            : null;
}
