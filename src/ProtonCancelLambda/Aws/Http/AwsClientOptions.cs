namespace ProtonCancelLambda.Aws.Http;

/// <summary>How our AWS clients retry. The defaults suit a Lambda invocation of a few minutes.</summary>
public sealed class AwsClientOptions
{
    /// <summary>Attempts per call, the first included; the caller's deadline usually ends retries sooner.</summary>
    public int MaxAttempts { get; init; } = 6;

    /// <summary>The backoff before the first retry; it doubles per retry, with jitter.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>One attempt's limit, so a hung connection costs one attempt, not the whole deadline.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Returns a value in [0, 1); injected so tests get deterministic jitter.</summary>
    public Func<double> Randomizer { get; init; } = Random.Shared.NextDouble;

    /// <summary>
    /// The X-Ray trace header to send as <c>X-Amzn-Trace-Id</c>, read per request (null or empty: none). Set in
    /// Lambda, as the AWS SDKs do: SQS keeps it as the continuation's <c>AWSTraceHeader</c>, which is how Lambda
    /// links the invocations of one watch into one trace and counts them for its recursive loop detection.
    /// </summary>
    public Func<string?>? TraceHeader { get; init; }

    /// <summary>Called once per transient fault that is about to be retried (the "transient faults retried" metric).</summary>
    public Action<AwsRetryEvent>? OnRetry { get; init; }
}

/// <summary>A transient fault that is being retried: which call, which error, which retry, after what delay.</summary>
public sealed record AwsRetryEvent(string Service, string Operation, string ErrorCode, int? StatusCode, int RetryNumber, TimeSpan Delay);
