namespace ProtonCancelLambda.Aws.Proton;

/// <summary>
/// The Proton model's error codes that change what the function does. A <see cref="ProtonException"/> carries the
/// code as <see cref="AwsServiceException.ErrorCode"/>; code compares it, there is no subclass per code.
/// </summary>
public static class ProtonErrorCodes
{
    /// <summary>The input is invalid (a 400 in the model); also what Proton answers a cancel with nothing in progress.</summary>
    public const string Validation = "ValidationException";

    /// <summary>The request conflicts with the resource's current state.</summary>
    public const string Conflict = "ConflictException";

    /// <summary>No such environment.</summary>
    public const string ResourceNotFound = "ResourceNotFoundException";

    /// <summary>Proton throttled the call; retryable with backoff.</summary>
    public const string Throttling = "ThrottlingException";

    /// <summary>A fault on Proton's side; retryable.</summary>
    public const string InternalServer = "InternalServerException";
}
