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

    public IReadOnlyDictionary<string, string> Variables { get; }

    public static async Task<IdempotencyTableBench> StartAsync()
    {
        var moto = await MotoServerProcess.StartAsync();
        const string table = "proton-cancel-idempotency";
        await IdempotencyTableSetup.EnsureAsync(moto.Endpoint, table, CancellationToken.None);
        return new IdempotencyTableBench(moto, new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["IDEMPOTENCY_TABLE_NAME"] = table,
            ["AWS_ENDPOINT_URL_DYNAMODB"] = moto.Endpoint.ToString(),
        });
    }

    public void Dispose() => _moto.Dispose();
}
