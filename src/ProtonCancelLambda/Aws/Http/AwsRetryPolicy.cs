namespace ProtonCancelLambda.Aws.Http;

/// <summary>
/// Retries transient AWS faults with exponential backoff and jitter, bounded by the caller's deadline: a retry
/// whose backoff would end at or after the deadline is not made, and the last error surfaces instead.
/// It wraps whole attempts (request built, signed, sent), so every attempt carries a fresh signature.
/// </summary>
/// <remarks>
/// A plain loop rather than a Polly.Core pipeline, for cold start. Under Native AOT, building a Polly
/// pipeline validates its options with DataAnnotations (reflection over metadata) and its first execution
/// resolves generic virtual methods in the runtime type loader; together ~5 ms of a ~27 ms cold start, plus
/// ~330 KB of the 6 MB deployment zip (docs/PERFORMANCE.md). This policy needs one strategy and no more.
/// </remarks>
internal sealed class AwsRetryPolicy(string service, AwsClientOptions options, TimeProvider clock)
{
    public async Task<T> ExecuteAsync<T>(string operation, DateTimeOffset deadline, Func<CancellationToken, Task<T>> attempt, CancellationToken cancellationToken)
    {
        for (var retryIndex = 0; ; retryIndex++)
        {
            TimeSpan delay;
            try
            {
                return await attempt(cancellationToken).ConfigureAwait(false);
            }
            catch (AwsServiceException error) when (TryGetDelay(error, retryIndex, deadline, out delay))
            {
                options.OnRetry?.Invoke(new AwsRetryEvent(service, operation, error.ErrorCode, error.StatusCode, retryIndex + 1, delay));
            }

            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, clock, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Whether the failed attempt number <paramref name="retryIndex"/> (0-based) is retried, and after how long.</summary>
    private bool TryGetDelay(AwsServiceException error, int retryIndex, DateTimeOffset deadline, out TimeSpan delay)
    {
        delay = TimeSpan.Zero;
        if (!error.IsRetryable || retryIndex + 1 >= options.MaxAttempts)
        {
            return false;
        }

        // A corrected clock fixes the cause at once; waiting would only bring the deadline closer.
        delay = ClockSkewErrors.IsClockSkew(error.ErrorCode, error.Message) ? TimeSpan.Zero : Backoff(retryIndex);
        return clock.GetUtcNow() + delay < deadline;
    }

    /// <summary>Exponential, capped, with "equal jitter": half fixed so retries never bunch at zero, half random.</summary>
    private TimeSpan Backoff(int retryIndex)
    {
        var exponential = options.BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(retryIndex, 30));
        var capped = Math.Min(exponential, options.MaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.5 + (0.5 * options.Randomizer())));
    }
}
