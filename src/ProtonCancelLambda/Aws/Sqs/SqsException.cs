namespace ProtonCancelLambda.Aws.Sqs;

/// <summary>An SQS error: the AWS JSON <c>__type</c> (for example <c>QueueDoesNotExist</c>), or a transport fault.</summary>
public sealed class SqsException : AwsServiceException
{
    public SqsException(string errorCode, string message, int? statusCode, bool isRetryable, Exception? innerException = null)
        : base(errorCode, message, statusCode, isRetryable, innerException)
    {
    }
}
