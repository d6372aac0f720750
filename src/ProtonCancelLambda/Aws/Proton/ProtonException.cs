namespace ProtonCancelLambda.Aws.Proton;

/// <summary>A Proton error: the model's error code (see <see cref="ProtonErrorCodes"/>), or a transport fault.</summary>
public sealed class ProtonException : AwsServiceException
{
    public ProtonException(string errorCode, string message, int? statusCode, bool isRetryable, Exception? innerException = null)
        : base(errorCode, message, statusCode, isRetryable, innerException)
    {
    }
}
