using Polly;
using Polly.Retry;

namespace ProtonCancelLambda.Aws.Http;

/// <summary>
/// Retries transient AWS faults with exponential backoff and jitter, bounded by the caller's deadline: a retry
/// whose backoff would end at or after the deadline is not made, and the last error surfaces instead.
/// It wraps whole attempts (request built, signed, sent), so every attempt carries a fresh signature.
/// </summary>
internal sealed class AwsRetryPipeline
{
    private static readonly ResiliencePropertyKey<DateTimeOffset> DeadlineKey = new("aws.deadline");
    private static readonly ResiliencePropertyKey<string> OperationKey = new("aws.operation");

    // ShouldHandle decides the delay (it must, to compare it with the deadline); DelayGenerator then uses it.
    private static readonly ResiliencePropertyKey<TimeSpan> NextDelayKey = new("aws.next-delay");

    private readonly ResiliencePipeline _pipeline;
    private readonly TimeProvider _clock;
    private readonly AwsClientOptions _options;
    private readonly string _service;

    public AwsRetryPipeline(string service, AwsClientOptions options, TimeProvider clock)
    {
        _service = service;
        _options = options;
        _clock = clock;
        _pipeline = new ResiliencePipelineBuilder { TimeProvider = clock }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = Math.Max(1, options.MaxAttempts - 1),
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome.Exception, args.AttemptNumber, args.Context)),
                DelayGenerator = static args => ValueTask.FromResult<TimeSpan?>(args.Context.Properties.GetValue(NextDelayKey, TimeSpan.Zero)),
                OnRetry = args =>
                {
                    if (args.Outcome.Exception is AwsServiceException error)
                    {
                        var operation = args.Context.Properties.GetValue(OperationKey, string.Empty);
                        _options.OnRetry?.Invoke(new AwsRetryEvent(_service, operation, error.ErrorCode, error.StatusCode, args.AttemptNumber + 1, args.RetryDelay));
                    }

                    return default;
                },
            })
            .Build();
    }

    public async Task<T> ExecuteAsync<T>(string operation, DateTimeOffset deadline, Func<CancellationToken, Task<T>> attempt, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            context.Properties.Set(DeadlineKey, deadline);
            context.Properties.Set(OperationKey, operation);
            return await _pipeline.ExecuteAsync(
                static async (ctx, call) => await call(ctx.CancellationToken).ConfigureAwait(false),
                context,
                attempt).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private bool ShouldRetry(Exception? exception, int attemptNumber, ResilienceContext context)
    {
        if (exception is not AwsServiceException { IsRetryable: true } error || attemptNumber + 1 >= _options.MaxAttempts)
        {
            return false;
        }

        // A corrected clock fixes the cause at once; waiting would only bring the deadline closer.
        var delay = ClockSkewErrors.IsClockSkew(error.ErrorCode, error.Message) ? TimeSpan.Zero : Backoff(attemptNumber);
        if (_clock.GetUtcNow() + delay >= context.Properties.GetValue(DeadlineKey, DateTimeOffset.MinValue))
        {
            return false;
        }

        context.Properties.Set(NextDelayKey, delay);
        return true;
    }

    /// <summary>Exponential, capped, with "equal jitter": half fixed so retries never bunch at zero, half random.</summary>
    private TimeSpan Backoff(int retryIndex)
    {
        var exponential = _options.BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(retryIndex, 30));
        var capped = Math.Min(exponential, _options.MaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.5 + (0.5 * _options.Randomizer())));
    }
}
