using ProtonCancelLambda.Aws;
using ProtonCancelLambda.Cancellation;
using ProtonCancelLambda.Pacing;
using ProtonCancelLambda.Requests;

namespace ProtonCancelLambda.Pipeline;

/// <summary>Step 0 of the pipeline: a new request's turns at Proton, or its way back to the queue.</summary>
public sealed partial class RequestPipeline
{
    /// <summary>
    /// The turns of a new request (full: none in this invocation, and it can be put back); null when it is not
    /// paced: no budget, a continuation (its polls take free turns), a request to be refused, or one that cannot
    /// wait in the queue, which then calls unpaced and leaves throttling to the retries.
    /// </summary>
    private async Task<Booking?> BookAsync(Delivery delivery, CancellationToken cancellationToken)
    {
        if (!_booking.Paces || delivery.Watch is not null || delivery.Request is null || _rules.Problem(delivery) is not null)
        {
            return null;
        }

        var booking = await _booking.BookAsync(CheckAndCancel.LooksFirst(delivery), delivery.Deadlines.CallsEnd, cancellationToken).ConfigureAwait(false);
        if (!booking.IsFull)
        {
            return booking;
        }

        if (_continuations is not { DelaysDelivery: true })
        {
            _logger.Warn("{RequestId}: no turn at Proton in this invocation, and the request cannot wait in a queue without per-message delays (FIFO) or without REQUEST_QUEUE_URL; it goes ahead unpaced", delivery.RequestId);
            return null;
        }

        if (delivery.RequestedAt is { } requestedAt && _clock.GetUtcNow() >= requestedAt + _options.MaxWatch)
        {
            // Waiting is bounded like watching: an older request stops waiting its turn and goes ahead.
            _logger.Warn("{RequestId}: requested at {RequestedAt}, past MAX_WATCH_SECONDS, still without a turn at Proton; it goes ahead unpaced", delivery.RequestId, IsoTime.Format(requestedAt));
            return null;
        }

        return booking;
    }

    /// <summary>
    /// Sends the request back to the queue as a new message with its request time, having claimed nothing, so the
    /// message in hand can be deleted; should the send fail, the message in hand is delivered again.
    /// </summary>
    private async Task<ProcessingResult> PutBackAsync(Delivery delivery, DateTimeOffset freeFrom, CancellationToken cancellationToken)
    {
        var delay = _booking.PutBackDelay(freeFrom);
        try
        {
            await _continuations!.PutBackAsync(delivery.Request!, delivery.RequestedAt, delivery.ClaimId, delay, delivery.Deadlines.HandOverEnd, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException exception)
        {
            _logger.Warn("{RequestId}: no turn at Proton in this invocation, and it could not be put back ({ErrorCode}); it will be delivered again", delivery.RequestId, exception.ErrorCode);
            return ProcessingResult.RetryLater;
        }

        _metrics.CountPutBack();
        _logger.Info("{RequestId}: no turn at Proton in this invocation; put back in the queue for {DelaySeconds} s", delivery.RequestId, Math.Ceiling(delay.TotalSeconds));
        return ProcessingResult.Completed;
    }
}
