using ProtonCancelLambda.Metrics;
using ProtonCancelLambda.RuntimeApi;

namespace ProtonCancelLambda.Handling;

/// <summary>Writes the per-invocation metrics once the invocation's work is done, however it ended.</summary>
public sealed class MetricsFlushingHandler : IInvocationHandler
{
    private readonly IInvocationHandler _inner;
    private readonly OutcomeMetrics _metrics;

    public MetricsFlushingHandler(IInvocationHandler inner, OutcomeMetrics metrics)
    {
        _inner = inner;
        _metrics = metrics;
    }

    public async Task<byte[]> HandleAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        try
        {
            return await _inner.HandleAsync(invocation, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _metrics.FlushInvocation();
        }
    }
}
