using ProtonCancelLambda.Aws;
using ProtonCancelLambda.Idempotency;
using ProtonCancelLambda.Requests;

namespace ProtonCancelLambda.Pipeline;

/// <summary>The record's calls whose faults the pipeline outlives: each says what a failure leaves behind.</summary>
public sealed partial class RequestPipeline
{
    /// <summary>Null when the record could not be claimed.</summary>
    private async Task<ClaimResult?> ClaimAsync(Delivery delivery, string recordId, CancellationToken cancellationToken)
    {
        var request = delivery.Request;
        var isRequest = recordId == delivery.RequestId;
        var claim = new RequestClaim(
            recordId,
            delivery.ClaimId,
            isRequest ? delivery.Watch?.Token : null,
            delivery.Deadlines.LeaseEnd,
            request?.EnvironmentName ?? (delivery.Parsed as RejectedRequest)?.EnvironmentName,
            isRequest && request is not null ? RequestFingerprint.Of(request) : null);
        try
        {
            return await _record.ClaimAsync(claim, delivery.Deadlines.HandOverEnd, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException exception)
        {
            // Without the record nobody can tell a duplicate from the first delivery: the request waits for a
            // redelivery (and, should the table stay unusable, for the dead-letter queue and its alarm).
            _logger.Error(exception, "{RequestId}: the idempotency record could not be claimed ({ErrorCode}); it will be delivered again", delivery.RequestId, exception.ErrorCode);
            return null;
        }
    }

    private async Task SaveWatchAsync(Delivery delivery, WatchState watch, CancellationToken cancellationToken)
    {
        try
        {
            await _record.WatchStartedAsync(delivery.RequestId, watch, delivery.Deadlines.CallsEnd, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException exception)
        {
            // Only a crash before the outcome would notice: the delivery that takes over then cancels again.
            _logger.Warn("{RequestId}: the watch of {DeploymentId} could not be saved in the idempotency record ({ErrorCode})", delivery.RequestId, watch.DeploymentId, exception.ErrorCode);
        }
    }

    private async Task GiveBackAsync(Delivery delivery, string recordId, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        try
        {
            await _record.GiveBackAsync(recordId, delivery.ClaimId, deadline, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException exception)
        {
            // The lease then simply runs out at the deadline; the redelivery comes after that anyway.
            _logger.Warn("{RequestId}: the idempotency lease could not be released ({ErrorCode})", delivery.RequestId, exception.ErrorCode);
        }
    }
}
