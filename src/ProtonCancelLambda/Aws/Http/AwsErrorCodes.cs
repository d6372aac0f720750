namespace ProtonCancelLambda.Aws.Http;

/// <summary>Error codes we give faults that never reached an AWS error response.</summary>
public static class AwsErrorCodes
{
    /// <summary>The connection failed or broke (DNS, refused, reset).</summary>
    public const string NetworkError = "NetworkError";

    /// <summary>An attempt outlived its per-attempt timeout, or the deadline left no time to try.</summary>
    public const string RequestTimeout = "RequestTimeout";

    /// <summary>No credentials could be resolved to sign with: a configuration problem, not a transient one.</summary>
    public const string CredentialsError = "CredentialsError";

    /// <summary>A success status with a body we could not read: retrying the same call will not fix it.</summary>
    public const string InvalidResponse = "InvalidResponse";
}
