namespace ProtonCancelLambda.Idempotency;

/// <summary>
/// The idempotency table's attribute names and status values. Powertools for AWS Lambda's names where it has
/// one (<c>id</c>, <c>expiration</c> in epoch seconds for TTL, <c>status</c>, <c>in_progress_expiration</c> in
/// epoch milliseconds), so operators recognise the layout; the rest are ours.
/// </summary>
internal static class IdempotencyAttributes
{
    public const string Id = "id";
    public const string Expiration = "expiration";
    public const string Status = "status";

    /// <summary>The lease: until when (epoch ms) the delivery that claimed the request may work on it; 0 once handed over or released.</summary>
    public const string Lease = "in_progress_expiration";
    public const string RequestId = "requestId";
    public const string EnvironmentName = "environmentName";

    /// <summary>The SQS messageId or EventBridge event id of the delivery holding the lease.</summary>
    public const string Delivery = "delivery";

    /// <summary>The token of the continuation message that owns the request (absent before the first hand-over).</summary>
    public const string Token = "token";

    /// <summary>
    /// The token of a continuation about to be sent, named before the SendMessage: once sent, that message may take
    /// the request over at once, whether or not the sender's following write (making it the token) got through.
    /// </summary>
    public const string PendingToken = "pendingToken";

    /// <summary>The hash of the request's environment and expected deployment (<see cref="RequestFingerprint"/>).</summary>
    public const string Fingerprint = "fingerprint";
    public const string ExpectedDeploymentId = "expectedDeploymentId";

    /// <summary>The watch as last saved (JSON): a delivery that takes over resumes it instead of cancelling again.</summary>
    public const string Watch = "watch";
    public const string Outcome = "outcome";
    public const string ClaimedAt = "claimedAt";

    /// <summary>A random id per claim, so a claim whose response was lost and whose retry then fails its own condition knows the item is its own.</summary>
    public const string ClaimId = "claimId";
    public const string CompletedAt = "completedAt";

    public const string InProgress = "IN_PROGRESS";
    public const string Completed = "COMPLETED";

    /// <summary>Expression placeholders for the names (<c>status</c>, <c>token</c> are DynamoDB reserved words).</summary>
    public static readonly IReadOnlyDictionary<string, string> Placeholders = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["#status"] = Status,
        ["#lease"] = Lease,
        ["#expiration"] = Expiration,
        ["#delivery"] = Delivery,
        ["#token"] = Token,
        ["#pending"] = PendingToken,
        ["#watch"] = Watch,
        ["#outcome"] = Outcome,
        ["#claimedAt"] = ClaimedAt,
        ["#claimId"] = ClaimId,
        ["#completedAt"] = CompletedAt,
    };
}
