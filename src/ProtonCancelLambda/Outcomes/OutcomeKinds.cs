namespace ProtonCancelLambda.Outcomes;

/// <summary>The outcome table of DESIGN.md: how a request ended.</summary>
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
