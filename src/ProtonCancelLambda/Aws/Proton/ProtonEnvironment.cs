namespace ProtonCancelLambda.Aws.Proton;

/// <summary>Every member of the Proton model's <c>Environment</c> shape.</summary>
public sealed record ProtonEnvironment
{
    public required string Arn { get; init; }

    public required string Name { get; init; }

    /// <summary>One of <see cref="DeploymentStatuses"/>; kept as text so an unknown future value is not an error.</summary>
    public required string DeploymentStatus { get; init; }

    public string? DeploymentStatusMessage { get; init; }

    public string? LastAttemptedDeploymentId { get; init; }

    public string? LastSucceededDeploymentId { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset LastDeploymentAttemptedAt { get; init; }

    public DateTimeOffset LastDeploymentSucceededAt { get; init; }

    public string? TemplateName { get; init; }

    public string? TemplateMajorVersion { get; init; }

    public string? TemplateMinorVersion { get; init; }

    public string? Description { get; init; }

    public string? Spec { get; init; }

    public string? Provisioning { get; init; }

    public ProtonRepositoryBranch? ProvisioningRepository { get; init; }

    public string? EnvironmentAccountConnectionId { get; init; }

    public string? EnvironmentAccountId { get; init; }

    public string? ProtonServiceRoleArn { get; init; }

    public string? CodebuildRoleArn { get; init; }

    public string? ComponentRoleArn { get; init; }
}
