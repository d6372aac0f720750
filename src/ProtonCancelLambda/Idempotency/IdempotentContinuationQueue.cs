using ProtonCancelLambda.Aws;
using ProtonCancelLambda.Continuation;

namespace ProtonCancelLambda.Idempotency;

/// <summary>
/// Hands a watch to a continuation message that carries a fresh owner token, then records that token as the
/// request's owner. Sent first, recorded second: a record naming a message that was never sent would strand
/// the request, while a message the record does not name is merely dropped as out of date.
/// </summary>
public sealed class IdempotentContinuationQueue : IContinuationQueue
{
    private readonly IContinuationQueue _inner;
    private readonly IIdempotencyStore _store;
    private readonly Func<string> _newToken;

    public IdempotentContinuationQueue(IContinuationQueue inner, IIdempotencyStore store, Func<string>? newToken = null)
    {
        _inner = inner;
        _store = store;
        _newToken = newToken ?? (() => Guid.NewGuid().ToString("N"));
    }

    public bool DelaysDelivery => _inner.DelaysDelivery;

    public async Task ScheduleAsync(ContinuationRequest continuation, TimeSpan delay, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var request = continuation.Request;
        var watch = request.Watch ?? throw new ArgumentException("A continuation needs a watch.", nameof(continuation));
        var token = _newToken();
        await _inner.ScheduleAsync(new ContinuationRequest(request with { Watch = watch with { Token = token } }), delay, deadline, cancellationToken).ConfigureAwait(false);
        try
        {
            await _store.HandOverAsync(request.RequestId, watch.Token, token, watch, deadline, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException exception)
        {
            // The message just sent will be dropped as out of date; this delivery must come back and hand over
            // again, so the failure is reported as one a redelivery can fix.
            throw new AwsServiceException(exception.ErrorCode, $"the continuation was sent but the idempotency record did not take its token: {exception.Message}", exception.StatusCode, isRetryable: true, exception);
        }
    }
}
