namespace ProtonCancelLambda.Local.Simulator.Environments;

/// <summary>An environment as the model's Environment shape describes it, at one instant.</summary>
internal sealed record EnvironmentView(
    string Arn,
    string Name,
    DateTimeOffset CreatedAt,
    string DeploymentStatus,
    string? DeploymentStatusMessage,
    string LastAttemptedDeploymentId,
    DateTimeOffset LastDeploymentAttemptedAt,
    string? LastSucceededDeploymentId,
    DateTimeOffset LastDeploymentSucceededAt,
    string TemplateName,
    string TemplateMajorVersion,
    string TemplateMinorVersion,
    string? Description,
    string? Spec,
    string? ProtonServiceRoleArn,
    string? CodebuildRoleArn,
    string? ComponentRoleArn);
