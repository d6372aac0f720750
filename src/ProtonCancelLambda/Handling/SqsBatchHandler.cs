using System.Globalization;
using System.Text.Json;
using ProtonCancelLambda.Aws;
using ProtonCancelLambda.Events;
using ProtonCancelLambda.Logging;
using ProtonCancelLambda.Pipeline;
using ProtonCancelLambda.Requests;
using ProtonCancelLambda.RuntimeApi;

namespace ProtonCancelLambda.Handling;

/// <summary>
/// Works through one SQS batch: records run concurrently up to a bound; a record is reported for redelivery
/// only when its pipeline asks for it. On a FIFO queue, order within a message group is kept and, after a
/// failure, the rest of that group is failed without being touched, as SQS FIFO requires.
/// </summary>
public sealed class SqsBatchHandler
{
    private readonly IRequestPipeline _pipeline;
    private readonly int _maxConcurrency;
    private readonly LambdaLogger _logger;

    public SqsBatchHandler(IRequestPipeline pipeline, int maxConcurrency, LambdaLogger logger)
    {
        _pipeline = pipeline;
        _maxConcurrency = maxConcurrency;
        _logger = logger;
    }

    public async Task<SqsBatchResponse> HandleAsync(JsonElement records, InvocationContext context, InvocationDeadlines deadlines, CancellationToken cancellationToken)
    {
        var items = records.EnumerateArray().Select((record, index) => Read(record, index, context, deadlines)).ToList();
        var failed = new bool[items.Count];
        var fifo = items.Any(item => item.Message?.EventSourceArn is { } arn && Fifo.Names(arn));

        // On FIFO each message group is one sequential lane; elsewhere every record is its own lane.
        var lanes = fifo
            ? items.GroupBy(item => item.Delivery.MessageGroupId ?? string.Empty).Select(group => group.ToList()).ToList()
            : items.Select(item => new List<BatchItem> { item }).ToList();

        var options = new ParallelOptions { MaxDegreeOfParallelism = _maxConcurrency, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(lanes, options, async (lane, token) =>
        {
            var laneFailed = false;
            foreach (var item in lane)
            {
                if (laneFailed)
                {
                    _logger.Warn("Skipping {DeliveryId}: an earlier message of its FIFO group failed", item.Delivery.Id);
                    failed[item.Index] = true;
                    continue;
                }

                laneFailed = failed[item.Index] = await ProcessAsync(item, token).ConfigureAwait(false) == ProcessingResult.RetryLater;
            }
        }).ConfigureAwait(false);

        var failures = items
            .Where(item => failed[item.Index] && item.Message?.MessageId is { Length: > 0 })
            .Select(item => new BatchItemFailure(item.Message!.MessageId!))
            .ToList();
        return new SqsBatchResponse(failures);
    }

    private async Task<ProcessingResult> ProcessAsync(BatchItem item, CancellationToken cancellationToken)
    {
        try
        {
            return await _pipeline.RunAsync(item.Delivery, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A bug must not lose the request: SQS delivers it again, and after maxReceiveCount it goes to the DLQ.
            _logger.Error(exception, "Record {DeliveryId} failed unexpectedly; it will be delivered again", item.Delivery.Id);
            return ProcessingResult.RetryLater;
        }
    }

    private static BatchItem Read(JsonElement record, int index, InvocationContext context, InvocationDeadlines deadlines)
    {
        var fallbackId = string.Create(CultureInfo.InvariantCulture, $"{context.RequestId}/record-{index}");
        SqsMessage? message = null;
        string? problem = null;
        try
        {
            message = record.Deserialize(EventJsonContext.Default.SqsMessage);
        }
        catch (JsonException exception)
        {
            problem = $"SQS record {index} could not be read: {exception.Message}";
        }

        var deliveryId = message?.MessageId is { Length: > 0 } id ? id : fallbackId;
        var parsed = problem is not null || message is null
            ? new RejectedRequest(deliveryId, problem ?? $"SQS record {index} is not an object")
            : message.Body is null
                ? new RejectedRequest(deliveryId, "the SQS record has no body")
                : RequestParser.ParseBody(message.Body, deliveryId);

        var attributes = message?.Attributes;
        var delivery = Delivery.Create(RequestSources.Sqs, deliveryId, parsed, EpochMilliseconds(attributes?.SentTimestamp), deadlines, attributes?.MessageGroupId);
        return new BatchItem(index, message, delivery);
    }

    private static DateTimeOffset? EpochMilliseconds(string? text) =>
        long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) && ms > 0
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : null;

    private sealed record BatchItem(int Index, SqsMessage? Message, Delivery Delivery);
}
