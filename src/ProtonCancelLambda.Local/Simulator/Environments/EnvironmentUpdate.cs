namespace ProtonCancelLambda.Local.Simulator.Environments;

/// <summary>The UpdateEnvironment inputs the simulator acts on.</summary>
internal sealed record EnvironmentUpdate(
    string DeploymentType,
    string? Description,
    string? Spec,
    string? TemplateMajorVersion,
    string? TemplateMinorVersion,
    string? ProtonServiceRoleArn,
    string? CodebuildRoleArn,
    string? ComponentRoleArn);
