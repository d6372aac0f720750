using ProtonCancelLambda.Configuration;
using ProtonCancelLambda.Local.DynamoDb;
using ProtonCancelLambda.Local.Invoke;

namespace ProtonCancelLambda.Bench;

/// <summary>An idempotency table on moto_server, and the function variables that point at it.</summary>
internal sealed class IdempotencyTableBench : IDisposable
{
    private readonly MotoServerProcess _moto;

    private IdempotencyTableBench(MotoServerProcess moto, IReadOnlyDictionary<string, string> variables)
    {
        _moto = moto;
        Variables = variables;
    }

    private const string TableName = "proton-cancel-idempotency";

    public IReadOnlyDictionary<string, string> Variables { get; }

    public static async Task<IdempotencyTableBench> StartAsync()
    {
        var moto = await MotoServerProcess.StartAsync();
        await IdempotencyTableSetup.EnsureAsync(moto.Endpoint, TableName, FunctionEnvironment.Credentials, CancellationToken.None);
        return new IdempotencyTableBench(moto, VariablesFor(moto.Endpoint));
    }

    /// <summary>The function variables that use the idempotency table on <paramref name="endpoint"/>.</summary>
    public static IReadOnlyDictionary<string, string> VariablesFor(Uri endpoint) => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [SettingNames.IdempotencyTableName] = TableName,
        [SettingNames.EndpointUrlDynamoDb] = endpoint.ToString(),
    };

    public void Dispose() => _moto.Dispose();
}
