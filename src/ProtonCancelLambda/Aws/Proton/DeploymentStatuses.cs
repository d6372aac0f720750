namespace ProtonCancelLambda.Aws.Proton;

/// <summary>The model's <c>DeploymentStatus</c> enum.</summary>
public static class DeploymentStatuses
{
    public const string InProgress = "IN_PROGRESS";
    public const string Failed = "FAILED";
    public const string Succeeded = "SUCCEEDED";
    public const string DeleteInProgress = "DELETE_IN_PROGRESS";
    public const string DeleteFailed = "DELETE_FAILED";
    public const string DeleteComplete = "DELETE_COMPLETE";
    public const string Cancelling = "CANCELLING";
    public const string Cancelled = "CANCELLED";

    /// <summary>The cancel moves a deployment to CANCELLING first; only other statuses are settled.</summary>
    public static bool IsSettled(string status) => status is not (InProgress or Cancelling);
}
