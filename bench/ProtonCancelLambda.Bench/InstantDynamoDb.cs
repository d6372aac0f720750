using System.Net;

namespace ProtonCancelLambda.Bench;

/// <summary>
/// A DynamoDB endpoint that answers every call at once with an empty success (`{}`), so a cold start with the
/// table set can be split into what the function spends (signing, JSON, a new connection) and what moto, a
/// Python server, takes to answer. A measuring instrument only: it checks nothing.
/// </summary>
internal sealed class InstantDynamoDb : IDisposable
{
    private readonly LoopbackHttpServer _server = LoopbackHttpServer.Start(_ => StubTransport.Json(HttpStatusCode.OK, "{}"));

    public Uri Endpoint => _server.Endpoint;

    public IReadOnlyDictionary<string, string> Variables => IdempotencyTableBench.VariablesFor(Endpoint);

    public static InstantDynamoDb Start() => new();

    public void Dispose() => _server.Dispose();
}
