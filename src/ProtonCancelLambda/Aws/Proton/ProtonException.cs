namespace ProtonCancelLambda.Aws.Proton;

/// <summary>A Proton error; the subtypes are the model's error shapes.</summary>
public class ProtonException : AwsServiceException
{
    public ProtonException(string errorCode, string message, int? statusCode, bool isRetryable, Exception? innerException = null)
        : base(errorCode, message, statusCode, isRetryable, innerException)
    {
    }

    public ProtonException()
    {
    }

    public ProtonException(string message)
        : base(message)
    {
    }

    public ProtonException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
