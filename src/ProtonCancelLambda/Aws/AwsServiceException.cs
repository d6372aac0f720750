namespace ProtonCancelLambda.Aws;

/// <summary>
/// An AWS call failed. <see cref="ErrorCode"/> is the AWS error code (for example
/// <c>AccessDeniedException</c>, <c>Throttled</c>) or a transport-level code for network faults;
/// <see cref="IsRetryable"/> says whether trying again later may succeed. The subclasses only name the service
/// (and keep what its errors carry beyond this), so a caller can tell whose error it is.
/// </summary>
/// <remarks>
/// No parameterless or message-only constructors: an AWS error always has a code, and nothing raises one without.
/// </remarks>
public class AwsServiceException : Exception
{
    public AwsServiceException(string errorCode, string message, int? statusCode, bool isRetryable, Exception? innerException = null)
        : base(message, innerException)
    {
        ErrorCode = errorCode;
        StatusCode = statusCode;
        IsRetryable = isRetryable;
    }

    public string ErrorCode { get; }

    public int? StatusCode { get; }

    public bool IsRetryable { get; }

    /// <summary>
    /// True when an earlier attempt of the same call went unanswered in a way that leaves open whether the
    /// service carried it out (attempt timeout, broken connection, 5xx). This error is then the answer to a
    /// retry, and may only say that the first attempt already took effect (a cancel refused as "already
    /// cancelling"). Set by the retry policy.
    /// </summary>
    public bool EarlierAttemptMayHaveTakenEffect { get; internal set; }

    /// <summary>Whether the call may have been carried out although it failed: this attempt or an earlier one went unanswered.</summary>
    public bool MayHaveTakenEffect => EarlierAttemptMayHaveTakenEffect || Http.AwsRetryPolicy.MayHaveTakenEffect(this);
}
