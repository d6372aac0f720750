using ProtonCancelLambda.RuntimeApi;

namespace ProtonCancelLambda.Bootstrap;

/// <summary>
/// Starts <see cref="StartupWarmUp"/> when the first event has arrived, not during init: Lambda's Init Duration
/// ends at the first <c>next</c>, and the warm-up's thread and OpenSSL loading, run before it or while its request
/// was still being sent, delayed that call by ~2.5 ms (the init row of bench/run.sh). From here it still overlaps
/// with reading the event and the work before the first signed call.
/// </summary>
internal sealed class WarmUpAfterFirstNext : IRuntimeApiClient
{
    private readonly IRuntimeApiClient _inner;
    private bool _started;

    public WarmUpAfterFirstNext(IRuntimeApiClient inner) => _inner = inner;

    public async Task<Invocation> NextInvocationAsync(CancellationToken cancellationToken)
    {
        var invocation = await _inner.NextInvocationAsync(cancellationToken).ConfigureAwait(false);
        if (!_started)
        {
            _started = true;
            StartupWarmUp.Start();
        }

        return invocation;
    }

    public Task SendResponseAsync(string requestId, byte[] response, CancellationToken cancellationToken) =>
        _inner.SendResponseAsync(requestId, response, cancellationToken);

    public Task SendInvocationErrorAsync(string requestId, ErrorReport error, CancellationToken cancellationToken) =>
        _inner.SendInvocationErrorAsync(requestId, error, cancellationToken);

    public Task SendInitErrorAsync(ErrorReport error, CancellationToken cancellationToken) =>
        _inner.SendInitErrorAsync(error, cancellationToken);
}
