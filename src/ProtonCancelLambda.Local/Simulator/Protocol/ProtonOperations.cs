using ProtonCancelLambda.Local.Simulator.Environments;

namespace ProtonCancelLambda.Local.Simulator.Protocol;

/// <summary>The three Proton operations the simulator implements: read the input per the model, then act.</summary>
internal sealed class ProtonOperations(EnvironmentStore store, TimeProvider clock)
{
    public const string TargetPrefix = "AwsProton20200720.";

    public static IReadOnlyList<string> Names { get; } = ["GetEnvironment", "CancelEnvironmentDeployment", "UpdateEnvironment"];

    public EnvironmentView Invoke(string operation, InputReader input) => operation switch
    {
        "GetEnvironment" => GetEnvironment(input),
        "CancelEnvironmentDeployment" => CancelEnvironmentDeployment(input),
        "UpdateEnvironment" => UpdateEnvironment(input),
        _ => throw new ProtonException(ProtonErrors.UnknownOperation, $"Unknown operation {operation}."),
    };

    /// <summary>How long the answer to <paramref name="operation"/> on <paramref name="environmentName"/> is held back after it took effect.</summary>
    public TimeSpan AnswerDelay(string operation, string environmentName) =>
        operation == "CancelEnvironmentDeployment" ? store.With(environmentName, environment => environment.CancelAnswerDelay) : TimeSpan.Zero;

    private EnvironmentView GetEnvironment(InputReader input)
    {
        var name = input.String("name", ProtonConstraints.ResourceName, required: true);
        input.ThrowIfInvalid();
        return store.With(name!, environment => environment.Get(clock.GetUtcNow()));
    }

    private EnvironmentView CancelEnvironmentDeployment(InputReader input)
    {
        var name = input.String("environmentName", ProtonConstraints.ResourceName, required: true);
        input.ThrowIfInvalid();
        return store.With(name!, environment => environment.Cancel(clock.GetUtcNow()));
    }

    private EnvironmentView UpdateEnvironment(InputReader input)
    {
        var name = input.String("name", ProtonConstraints.ResourceName, required: true);
        var update = new EnvironmentUpdate(
            input.Enum("deploymentType", ProtonConstraints.DeploymentUpdateTypes, required: true)!,
            input.String("description", ProtonConstraints.Description, required: false, sensitive: true),
            input.String("spec", ProtonConstraints.SpecContents, required: false, sensitive: true),
            input.String("templateMajorVersion", ProtonConstraints.TemplateVersionPart, required: false),
            input.String("templateMinorVersion", ProtonConstraints.TemplateVersionPart, required: false),
            input.String("protonServiceRoleArn", ProtonConstraints.Arn, required: false),
            input.String("codebuildRoleArn", ProtonConstraints.RoleArn, required: false),
            input.String("componentRoleArn", ProtonConstraints.RoleArn, required: false));
        input.String("environmentAccountConnectionId", ProtonConstraints.EnvironmentAccountConnectionId, required: false);
        if (input.Structure("provisioningRepository") is { } repository)
        {
            repository.String("branch", ProtonConstraints.GitBranchName, required: true);
            repository.String("name", ProtonConstraints.RepositoryName, required: true);
            repository.Enum("provider", ProtonConstraints.RepositoryProviders, required: true);
        }

        input.ThrowIfInvalid();
        return store.With(name!, environment => environment.Update(update, clock.GetUtcNow()));
    }
}
