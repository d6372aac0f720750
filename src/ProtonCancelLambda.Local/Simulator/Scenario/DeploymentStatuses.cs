namespace ProtonCancelLambda.Local.Simulator.Scenario;

/// <summary>The model's DeploymentStatus enum values (the Proton model in test/ProtonCancelLambda.IntegrationTests/AwsModels).</summary>
public static class DeploymentStatuses
{
    public const string InProgress = "IN_PROGRESS";
    public const string Failed = "FAILED";
    public const string Succeeded = "SUCCEEDED";
    public const string Cancelling = "CANCELLING";
    public const string Cancelled = "CANCELLED";

    public static IReadOnlyList<string> All { get; } =
        [InProgress, Failed, Succeeded, "DELETE_IN_PROGRESS", "DELETE_FAILED", "DELETE_COMPLETE", Cancelling, Cancelled];

    public static IReadOnlyList<string> CancelOutcomes { get; } = [Cancelled, Failed, Succeeded];

    public static IReadOnlyList<string> CompletionOutcomes { get; } = [Succeeded, Failed];
}
