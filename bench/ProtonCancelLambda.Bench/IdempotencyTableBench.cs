using ProtonCancelLambda.Local.Invoke;

namespace ProtonCancelLambda.Bench;

/// <summary>An idempotency table on moto_server, and the function variables that point at it.</summary>
internal sealed class IdempotencyTableBench : IDisposable
{
    private readonly MotoServer _moto;

    private IdempotencyTableBench(MotoServer moto, IReadOnlyDictionary<string, string> variables)
    {
        _moto = moto;
        Variables = variables;
    }

    public IReadOnlyDictionary<string, string> Variables { get; }

    public static async Task<IdempotencyTableBench> StartAsync()
    {
        var moto = await MotoServer.StartAsync();
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

/// <summary>
/// A DynamoDB endpoint that answers every call at once with an empty success (`{}`), so a cold start with the
/// table set can be split into what the function spends (signing, JSON, a new connection) and what moto, a
/// Python server, takes to answer. A measuring instrument only: it checks nothing and stores nothing.
/// </summary>
internal sealed class InstantDynamoDb : IDisposable
{
    private readonly System.Net.HttpListener _listener = new();

    private InstantDynamoDb(Uri endpoint)
    {
        Endpoint = endpoint;
        _listener.Prefixes.Add(endpoint.ToString());
        _listener.Start();
        _ = Task.Run(ServeAsync);
    }

    public Uri Endpoint { get; }

    public IReadOnlyDictionary<string, string> Variables => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["IDEMPOTENCY_TABLE_NAME"] = "proton-cancel-idempotency",
        ["AWS_ENDPOINT_URL_DYNAMODB"] = Endpoint.ToString(),
    };

    public static InstantDynamoDb Start()
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        var port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return new InstantDynamoDb(new Uri($"http://127.0.0.1:{port}/"));
    }

    public void Dispose() => _listener.Close();

    private async Task ServeAsync()
    {
        var body = "{}"u8.ToArray();
        while (_listener.IsListening)
        {
            System.Net.HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is System.Net.HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            await context.Request.InputStream.CopyToAsync(Stream.Null);
            context.Response.ContentType = "application/x-amz-json-1.0";
            context.Response.ContentLength64 = body.Length;
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        }
    }
}
