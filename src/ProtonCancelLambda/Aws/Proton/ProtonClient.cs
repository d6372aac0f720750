using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ProtonCancelLambda.Aws.Http;

namespace ProtonCancelLambda.Aws.Proton;

/// <summary>The two Proton operations over AWS JSON 1.0, signed with SigV4 (signing name <c>proton</c>).</summary>
internal sealed class ProtonClient : IProtonEnvironments, IDisposable
{
    public const string SigningName = "proton";
    public const string EndpointPrefix = "proton";
    public const string TargetPrefix = "AwsProton20200720";

    private readonly AwsHttpChannel _channel;

    public ProtonClient(AwsHttpChannel channel)
    {
        _channel = channel;
    }

    public Task<ProtonEnvironment> CancelEnvironmentDeploymentAsync(string environmentName, DateTimeOffset deadline, CancellationToken cancellationToken) =>
        CallAsync("CancelEnvironmentDeployment", new CancelEnvironmentDeploymentInput(environmentName), ProtonJsonContext.Default.CancelEnvironmentDeploymentInput, deadline, cancellationToken);

    public Task<ProtonEnvironment> GetEnvironmentAsync(string name, DateTimeOffset deadline, CancellationToken cancellationToken) =>
        CallAsync("GetEnvironment", new GetEnvironmentInput(name), ProtonJsonContext.Default.GetEnvironmentInput, deadline, cancellationToken);

    public void Dispose() => _channel.Dispose();

    private Task<ProtonEnvironment> CallAsync<TInput>(string operation, TInput input, JsonTypeInfo<TInput> inputType, DateTimeOffset deadline, CancellationToken cancellationToken) =>
        AwsJsonCall.SendAsync(
            _channel,
            TargetPrefix,
            operation,
            input,
            inputType,
            ProtonJsonContext.Default.EnvironmentOutput,
            output => output?.Environment ?? throw new JsonException("The response has no environment."),
            deadline,
            cancellationToken);
}
