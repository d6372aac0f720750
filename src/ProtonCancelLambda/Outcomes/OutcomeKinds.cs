namespace ProtonCancelLambda.Outcomes;

/// <summary>How a request ended: the <c>outcome</c> values of schemas/outcome.v1.json.</summary>
public static class OutcomeKinds
{
    public const string Cancelled = "CANCELLED";
    public const string Failed = "FAILED";
    public const string Succeeded = "SUCCEEDED";
    public const string NotInProgress = "NOT_IN_PROGRESS";
    public const string Skipped = "SKIPPED";
    public const string NotFound = "NOT_FOUND";
    public const string Rejected = "REJECTED";
    public const string Error = "ERROR";
    public const string TimedOut = "TIMED_OUT";
}
