namespace ProtonCancelLambda.Aws.Http;

/// <summary>What differs between AWS protocols once a response is an error: how to read it, and what it means.</summary>
internal interface IAwsProtocol
{
    /// <summary>The service name for retry events and messages.</summary>
    string Service { get; }

    /// <summary>Reads the error code and message; never throws for an unreadable body.</summary>
    Task<AwsErrorResponse> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken);

    /// <summary>The error codes worth a retry whatever the status: the service's throttling and fault codes.</summary>
    IReadOnlyCollection<string> RetryableCodes { get; }

    /// <summary>The service's exception for the error; the code says what it is (DynamoDB's failed condition also keeps its item).</summary>
    AwsServiceException CreateException(AwsErrorResponse error, int? statusCode, bool isRetryable, Exception? innerException);
}
