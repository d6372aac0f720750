using ProtonCancelLambda.Aws;
using ProtonCancelLambda.Handling;
using ProtonCancelLambda.Logging;
using ProtonCancelLambda.Requests;
using ProtonCancelLambda.RuntimeApi;
using ProtonCancelLambda.Workflow;

namespace ProtonCancelLambda.Idempotency;

/// <summary>
/// Claims a request's idempotency record before the request is worked on. A duplicate (another delivery owns
/// the request, or it already has its outcome) completes here: no cancel, no outcome, one log line. A delivery
/// that takes over from one that died resumes its watch. Wraps the processor, so the workflow and the
/// publishing path stay as they are.
/// </summary>
public sealed class IdempotentRequestProcessor : IRequestProcessor
{
    /// <summary>
    /// Beyond the invocation's deadline, Lambda has stopped the holder for sure; the margin covers clock
    /// differences between execution environments. So a lease lasts at most the function timeout plus this.
    /// </summary>
    internal static readonly TimeSpan LeaseMargin = TimeSpan.FromSeconds(10);

    private readonly IRequestProcessor _inner;
    private readonly IIdempotencyStore _store;
    private readonly LambdaLogger _logger;
    private readonly DeadlineBudget _budget;

    /// <param name="budget">The workflow's: record writes end with its hand-over time, so the batch response still gets out.</param>
    public IdempotentRequestProcessor(IRequestProcessor inner, IIdempotencyStore store, LambdaLogger logger, DeadlineBudget? budget = null)
    {
        _inner = inner;
        _store = store;
        _logger = logger;
        _budget = budget ?? new DeadlineBudget();
    }

    public async Task<ProcessingResult> ProcessAsync(IncomingRequest request, InvocationContext context, CancellationToken cancellationToken)
    {
        var requestId = request.Parsed.RequestId;
        var accepted = (request.Parsed as AcceptedRequest)?.Request;
        var environmentName = accepted?.EnvironmentName ?? (request.Parsed as RejectedRequest)?.EnvironmentName;
        var claim = new RequestClaim(requestId, request.DeliveryId, accepted?.Watch?.Token, context.Deadline + LeaseMargin, environmentName);
        ClaimResult result;
        try
        {
            result = await _store.ClaimAsync(claim, _budget.HandOverEnd(context.Deadline), cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException exception)
        {
            // Without the record nobody can tell a duplicate from the first delivery: the request waits for a
            // redelivery (and, should the table stay unusable, for the dead-letter queue and its alarm).
            _logger.Error(exception, "{RequestId}: the idempotency record could not be claimed ({ErrorCode}); it will be delivered again", requestId, exception.ErrorCode);
            return ProcessingResult.RetryLater;
        }

        switch (result)
        {
            case AlreadyCompleted completed:
                _logger.Info("{RequestId} already has its outcome ({Outcome}); delivery {DeliveryId} is a duplicate and publishes nothing", requestId, completed.OutcomeKind, request.DeliveryId);
                return ProcessingResult.Completed;

            case HeldElsewhere { SameDelivery: true } held:
                _logger.Info("{RequestId}: {Why}; this copy of delivery {DeliveryId} comes back later", requestId, held.Why, request.DeliveryId);
                return ProcessingResult.RetryLater;

            case HeldElsewhere held:
                _logger.Info("{RequestId}: {Why}; delivery {DeliveryId} is a duplicate and does nothing", requestId, held.Why, request.DeliveryId);
                return ProcessingResult.Completed;

            case Claimed { Checkpoint: { } checkpoint } when accepted is { Watch: null }:
                _logger.Info("{RequestId}: an earlier delivery had cancelled and was watching {DeploymentId}; delivery {DeliveryId} resumes the watch", requestId, checkpoint.DeploymentId, request.DeliveryId);
                return await RunAsync(request with { Parsed = new AcceptedRequest(accepted with { Watch = checkpoint }) }, context, cancellationToken).ConfigureAwait(false);

            default:
                return await RunAsync(request, context, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<ProcessingResult> RunAsync(IncomingRequest request, InvocationContext context, CancellationToken cancellationToken)
    {
        var result = await _inner.ProcessAsync(request, context, cancellationToken).ConfigureAwait(false);
        if (result == ProcessingResult.RetryLater)
        {
            try
            {
                await _store.ReleaseAsync(request.Parsed.RequestId, request.DeliveryId, _budget.HandOverEnd(context.Deadline), cancellationToken).ConfigureAwait(false);
            }
            catch (AwsServiceException exception)
            {
                // The lease then simply runs out at the deadline; the redelivery comes after that anyway.
                _logger.Warn("{RequestId}: the idempotency lease could not be released ({ErrorCode})", request.Parsed.RequestId, exception.ErrorCode);
            }
        }

        return result;
    }
}
