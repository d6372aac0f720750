namespace ProtonCancelLambda.Local.Simulator.Protocol;

/// <summary>
/// Error codes the simulator sends: the model's six error shapes plus the common errors every AWS JSON
/// service sends before an operation runs (authentication, unknown operation, unreadable body).
/// </summary>
internal static class ProtonErrors
{
    public const string AccessDenied = "AccessDeniedException";
    public const string Conflict = "ConflictException";
    public const string InternalServer = "InternalServerException";
    public const string ResourceNotFound = "ResourceNotFoundException";
    public const string Throttling = "ThrottlingException";
    public const string Validation = "ValidationException";

    public const string UnknownOperation = "UnknownOperationException";
    public const string Serialization = "SerializationException";
    public const string MissingAuthenticationToken = "MissingAuthenticationTokenException";
    public const string IncompleteSignature = "IncompleteSignatureException";
    public const string UnrecognizedClient = "UnrecognizedClientException";
    public const string InvalidSignature = "InvalidSignatureException";

    /// <summary>The model's error shapes, the ones a scenario may name in <c>failWith</c>.</summary>
    public static IReadOnlyList<string> All { get; } = [AccessDenied, Conflict, InternalServer, ResourceNotFound, Throttling, Validation];

    // The model gives no per-error HTTP status; AWS JSON services answer 5xx only for server faults, and
    // throttling is a 400 there (botocore retries ThrottlingException by its code, not its status).
    public static int StatusCode(string code) => code switch
    {
        InternalServer => 500,
        MissingAuthenticationToken or UnrecognizedClient or InvalidSignature => 403,
        _ => 400,
    };
}
