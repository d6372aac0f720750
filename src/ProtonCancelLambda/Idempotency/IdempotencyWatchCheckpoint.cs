using ProtonCancelLambda.Aws;
using ProtonCancelLambda.Continuation;
using ProtonCancelLambda.Logging;
using ProtonCancelLambda.Workflow;

namespace ProtonCancelLambda.Idempotency;

/// <summary>Saves the started watch in the idempotency record.</summary>
public sealed class IdempotencyWatchCheckpoint : IWatchCheckpoint
{
    private readonly IIdempotencyStore _store;
    private readonly LambdaLogger _logger;

    public IdempotencyWatchCheckpoint(IIdempotencyStore store, LambdaLogger logger)
    {
        _store = store;
        _logger = logger;
    }

    public async Task WatchStartedAsync(ContinuationRequest resume, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var request = resume.Request;
        try
        {
            await _store.CheckpointAsync(request.RequestId, request.Watch!, deadline, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException exception)
        {
            // Only a crash before the outcome would notice: the delivery that takes over then cancels again.
            _logger.Warn("{RequestId}: the watch of {DeploymentId} could not be saved in the idempotency record ({ErrorCode})", request.RequestId, request.Watch?.DeploymentId, exception.ErrorCode);
        }
    }
}
