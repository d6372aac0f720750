namespace ProtonCancelLambda.Aws.Sns;

/// <summary>An SNS error: the Query protocol's <c>ErrorResponse/Error/Code</c>, or a transport fault.</summary>
public sealed class SnsException : AwsServiceException
{
    public SnsException(string errorCode, string message, int? statusCode, bool isRetryable, string? errorType = null, Exception? innerException = null)
        : base(errorCode, message, statusCode, isRetryable, innerException)
    {
        ErrorType = errorType;
    }

    /// <summary><c>Sender</c> (our request was at fault) or <c>Receiver</c> (SNS was), when SNS said.</summary>
    public string? ErrorType { get; }
}
