namespace ProtonCancelLambda.Aws.Http;

/// <summary>
/// Retries transient AWS faults with exponential backoff and jitter, bounded by the caller's deadline: a retry
/// whose backoff would end at or after the deadline is not made, and the last error surfaces instead.
/// It wraps whole attempts (request built, signed, sent), so every attempt carries a fresh signature.
/// Under a rate limit it sends no faster than the <see cref="AdaptiveRateLimiter"/> allows, and a throttle does not
/// use up an attempt: only the deadline ends a wait for the service's rate, so throttling alone never exhausts
/// the retries of a call that has time left.
/// </summary>
/// <remarks>
/// A plain loop rather than a Polly.Core pipeline, for cold start. Under Native AOT, building a Polly
/// pipeline validates its options with DataAnnotations (reflection over metadata) and its first execution
/// resolves generic virtual methods in the runtime type loader; together ~5 ms of a ~27 ms cold start, plus
/// ~330 KB of the 6 MB deployment zip (docs/PERFORMANCE.md). This policy needs one strategy and no more.
/// </remarks>
internal sealed class AwsRetryPolicy(IAwsProtocol protocol, AwsClientOptions options, TimeProvider clock)
{
    private readonly string _service = protocol.Service;
    private readonly AdaptiveRateLimiter _rate = new(clock);

    public async Task<T> ExecuteAsync<T>(string operation, DateTimeOffset deadline, Func<CancellationToken, Task<T>> attempt, CancellationToken cancellationToken)
    {
        var unanswered = false;
        var failures = 0;
        for (var retryIndex = 0; ; retryIndex++)
        {
            TimeSpan delay;
            try
            {
                await WaitForRateAsync(deadline, cancellationToken).ConfigureAwait(false);
                var result = await attempt(cancellationToken).ConfigureAwait(false);
                _rate.OnAnswer(throttled: false);
                return result;
            }
            catch (AwsServiceException error) when (Remember(error, unanswered) && Count(error, ref failures) && TryGetDelay(error, failures, retryIndex, deadline, out delay))
            {
                unanswered |= MayHaveTakenEffect(error);
                options.OnRetry?.Invoke(new AwsRetryEvent(_service, operation, error.ErrorCode, error.StatusCode, retryIndex + 1, delay));
            }

            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, clock, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Waits for the client's own rate. When no send slot comes before the deadline the call fails at once, as
    /// transient (a later invocation may get through), and is not retried here: the deadline is what ended it.
    /// </summary>
    private async Task WaitForRateAsync(DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var wait = _rate.Reserve(deadline);
        if (wait is null)
        {
            throw protocol.CreateException(
                new AwsErrorResponse(AwsErrorCodes.ClientRateLimited, $"{_service} is throttling this account: no send slot at the client's adapted rate ({_rate.FillRate:0.##}/s) before the deadline."),
                null,
                true,
                null);
        }

        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait.Value, clock, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Feeds the answer to the rate and counts the failures that use up attempts (not throttles); always true.</summary>
    private bool Count(AwsServiceException error, ref int failures)
    {
        if (error.ErrorCode == AwsErrorCodes.ClientRateLimited)
        {
            return true;
        }

        var throttled = ThrottlingErrors.IsThrottling(error);
        _rate.OnAnswer(throttled);
        if (!throttled)
        {
            failures++;
        }

        return true;
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

    /// <summary>
    /// Whether the failed attempt number <paramref name="retryIndex"/> (0-based) is retried, and after how long;
    /// <paramref name="failures"/> (not throttles) count against the attempts.
    /// </summary>
    private bool TryGetDelay(AwsServiceException error, int failures, int retryIndex, DateTimeOffset deadline, out TimeSpan delay)
    {
        delay = TimeSpan.Zero;
        if (!error.IsRetryable || failures >= options.MaxAttempts || error.ErrorCode == AwsErrorCodes.ClientRateLimited)
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
