using ProtonCancelLambda.Aws;
using ProtonCancelLambda.Logging;
using ProtonCancelLambda.Outcomes;

namespace ProtonCancelLambda.Idempotency;

/// <summary>
/// Publish first, then mark the record COMPLETED. The other order could lose the outcome (marked, then the
/// publish fails or the process dies); this order can repeat it once, if the process dies between the two.
/// </summary>
public sealed class IdempotentOutcomePublisher : IOutcomePublisher
{
    private readonly IOutcomePublisher _inner;
    private readonly IIdempotencyStore _store;
    private readonly LambdaLogger _logger;

    public IdempotentOutcomePublisher(IOutcomePublisher inner, IIdempotencyStore store, LambdaLogger logger)
    {
        _inner = inner;
        _store = store;
        _logger = logger;
    }

    public async Task PublishAsync(Outcome outcome, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        await _inner.PublishAsync(outcome, deadline, cancellationToken).ConfigureAwait(false);
        try
        {
            await _store.CompleteAsync(outcome.RequestId, outcome.Kind, deadline, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException exception)
        {
            // The outcome is out: failing now would publish it again. The record stays IN_PROGRESS with its
            // checkpoint, so only a later duplicate that takes it over (after the lease) could repeat it.
            _logger.Warn("{RequestId}: {Outcome} is published but the idempotency record could not be marked completed ({ErrorCode})", outcome.RequestId, outcome.Kind, exception.ErrorCode);
        }
    }
}
