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
        var unanswered = false;
        for (var retryIndex = 0; ; retryIndex++)
        {
            TimeSpan delay;
            try
            {
                return await attempt(cancellationToken).ConfigureAwait(false);
            }
            catch (AwsServiceException error) when (Remember(error, unanswered) && TryGetDelay(error, retryIndex, deadline, out delay))
            {
                unanswered |= MayHaveTakenEffect(error);
                options.OnRetry?.Invoke(new AwsRetryEvent(service, operation, error.ErrorCode, error.StatusCode, retryIndex + 1, delay));
            }

            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, clock, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Marks the error with what earlier attempts left open; always true, so it can run in the filter.</summary>
    private static bool Remember(AwsServiceException error, bool earlierUnanswered)
    {
        error.EarlierAttemptMayHaveTakenEffect |= earlierUnanswered;
        return true;
    }

    /// <summary>
    /// Whether the service may have carried out an attempt that failed this way: no answer came (attempt timeout,
    /// broken or refused connection; a refused one was not carried out, but the error does not say which), or
    /// the service failed after it may have acted (5xx). Throttling and other 4xx errors are answers: not done.
    /// </summary>
    internal static bool MayHaveTakenEffect(AwsServiceException error) =>
        error.StatusCode is >= 500
        || (error.StatusCode is null && error.ErrorCode is AwsErrorCodes.RequestTimeout or AwsErrorCodes.NetworkError);

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
