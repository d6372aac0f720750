namespace ProtonCancelLambda.Local.Simulator.Signing;

/// <summary>
/// The access keys the simulator accepts. Like moto and LocalStack it accepts <c>test</c>/<c>test</c> by
/// default, so the AWS CLI and SDKs work against it with throwaway credentials.
/// </summary>
public sealed class SimulatorCredentials
{
    private readonly Dictionary<string, string> _secrets;

    public SimulatorCredentials(IReadOnlyDictionary<string, string> secretsByAccessKeyId)
    {
        ArgumentNullException.ThrowIfNull(secretsByAccessKeyId);
        _secrets = new Dictionary<string, string>(secretsByAccessKeyId, StringComparer.Ordinal);
    }

    public static SimulatorCredentials Default { get; } = new(new Dictionary<string, string> { ["test"] = "test" });

    /// <summary><c>test</c>/<c>test</c> and the key a function under test signs with.</summary>
    public static SimulatorCredentials DefaultAnd(string accessKeyId, string secretAccessKey) =>
        new(new Dictionary<string, string> { ["test"] = "test", [accessKeyId] = secretAccessKey });

    internal bool TryGetSecret(string accessKeyId, out string secret) =>
        _secrets.TryGetValue(accessKeyId, out secret!);
}
