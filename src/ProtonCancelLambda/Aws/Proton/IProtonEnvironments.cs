namespace ProtonCancelLambda.Aws.Proton;

/// <summary>
/// The two Proton operations the function needs. Transient faults are retried inside, with backoff, until
/// <paramref name="deadline"/>; what is left surfaces as a <see cref="ProtonException"/> with its error code.
/// </summary>
public interface IProtonEnvironments
{
    Task<ProtonEnvironment> CancelEnvironmentDeploymentAsync(string environmentName, DateTimeOffset deadline, CancellationToken cancellationToken);

    Task<ProtonEnvironment> GetEnvironmentAsync(string name, DateTimeOffset deadline, CancellationToken cancellationToken);
}
