namespace ProtonCancelLambda.Aws.DynamoDb;

/// <summary>A DynamoDB error: its AWS error code, or a transport fault.</summary>
public class DynamoDbException : AwsServiceException
{
    public DynamoDbException(string errorCode, string message, int? statusCode, bool isRetryable, Exception? innerException = null)
        : base(errorCode, message, statusCode, isRetryable, innerException)
    {
    }
}
