using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using ProtonCancelLambda.Handling;
using ProtonCancelLambda.Logging;
using ProtonCancelLambda.Pipeline;
using ProtonCancelLambda.Requests;
using ProtonCancelLambda.RuntimeApi;

namespace ProtonCancelLambda.Benchmarks;

/// <summary>
/// EventDispatcher on an SQS event with a processor that does nothing: event recognition, record and body
/// parsing, bounded concurrency and the batch response. A 10-record batch against a 1-record one: the ratio
/// shows the per-record cost is linear, with no fixed overhead hidden in the batch.
/// </summary>
[MemoryDiagnoser]
public class SqsBatchBenchmarks
{
    private static readonly InvocationContext Context = new("invocation-1", DateTimeOffset.MaxValue, null, null);

    private readonly EventDispatcher _handler;
    private readonly Invocation _one = new(Context, SqsEvent(1));
    private readonly Invocation _ten = new(Context, SqsEvent(10));

    public SqsBatchBenchmarks()
    {
        var processor = new NoOpProcessor();
        var logger = new LambdaLogger(TextWriter.Null, LogOptions.Default, TimeProvider.System);
        _handler = new EventDispatcher(new SqsBatchHandler(processor, 10, logger), new EventBridgeHandler(processor), TimeProvider.System);
    }

    [Benchmark(Baseline = true)]
    public Task<byte[]> OneRecord() => _handler.HandleAsync(_one, CancellationToken.None);

    [Benchmark]
    public Task<byte[]> TenRecords() => _handler.HandleAsync(_ten, CancellationToken.None);

    private static byte[] SqsEvent(int records)
    {
        var json = new StringBuilder("""{"Records":[""");
        for (var i = 1; i <= records; i++)
        {
            json.Append(i > 1 ? "," : string.Empty).Append(CultureInfo.InvariantCulture, $$"""
                {"messageId":"m-{{i}}","receiptHandle":"h-{{i}}",
                 "body":"{\"environmentName\":\"env-{{i}}\",\"requestId\":\"rb-{{i}}\",\"reason\":\"canary alarm\"}",
                 "attributes":{"ApproximateReceiveCount":"1","SentTimestamp":"1764000000000","SenderId":"AIDAEXAMPLE","ApproximateFirstReceiveTimestamp":"1764000000001"},
                 "messageAttributes":{},"md5OfBody":"0","eventSource":"aws:sqs",
                 "eventSourceARN":"arn:aws:sqs:us-east-1:123456789012:proton-cancel-requests","awsRegion":"us-east-1"}
                """);
        }

        return Encoding.UTF8.GetBytes(json.Append("]}").ToString());
    }

    private sealed class NoOpProcessor : IRequestPipeline
    {
        public Task<ProcessingResult> RunAsync(Delivery delivery, CancellationToken cancellationToken) =>
            Task.FromResult(ProcessingResult.Completed);
    }
}
