using System.Text.Json;
using BenchmarkDotNet.Attributes;
using ProtonCancelLambda.Requests;

namespace ProtonCancelLambda.Benchmarks;

/// <summary>
/// RequestParser.ParseBody on a full v1 body, against the bare JsonDocument.Parse it starts with: the ratio
/// is what validation costs on top of reading the JSON.
/// </summary>
[MemoryDiagnoser]
public class RequestParsingBenchmarks
{
    private const string Body = """
        {"environmentName":"prod-network","requestId":"rb-2291","expectedDeploymentId":"d-abc123",
         "reason":"canary alarm","correlationId":"pipeline-run-77"}
        """;

    private const string Invalid = """{"environmentName":"bad name!","reason":42}""";

    [Benchmark(Baseline = true)]
    public int JsonDocumentParseOnly()
    {
        using var document = JsonDocument.Parse(Body);
        return document.RootElement.GetPropertyCount();
    }

    [Benchmark]
    public RequestParseResult ParseBody() => RequestParser.ParseBody(Body, "m-1");

    [Benchmark]
    public RequestParseResult ParseBodyRejected() => RequestParser.ParseBody(Invalid, "m-1");
}
