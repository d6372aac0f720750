namespace ProtonCancelLambda.Aws.Http;

/// <summary>
/// The answers that mean "too fast" across AWS services (the AWS SDKs' throttling list, as far as our four
/// services use it), so the client's rate can follow them whatever the protocol.
/// </summary>
internal static class ThrottlingErrors
{
    private static readonly HashSet<string> Codes = new(StringComparer.Ordinal)
    {
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException", "TooManyRequestsException",
        "ProvisionedThroughputExceededException", "RequestLimitExceeded", "RequestThrottled", "Throttled", "SlowDown",
    };

    public static bool IsThrottling(AwsServiceException error) => error.StatusCode == 429 || Codes.Contains(error.ErrorCode);
}
