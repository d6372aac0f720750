namespace ProtonCancelLambda.Local.EventSource;

/// <summary>
/// A DynamoDB table on a local endpoint (moto) for the fleet's idempotency records and Proton budget, and the keys
/// to sign with: every function process signs with them, and the simulator accepts them too.
/// </summary>
public sealed record DynamoDbTable(Uri Endpoint, string Name)
{
    public string AccessKeyId { get; init; } = "test";

    public string SecretAccessKey { get; init; } = "test";

    internal (string AccessKeyId, string SecretAccessKey) Credentials => (AccessKeyId, SecretAccessKey);
}
