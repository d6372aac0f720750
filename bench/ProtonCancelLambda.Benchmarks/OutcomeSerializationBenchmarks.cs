using System.Text.Json;
using BenchmarkDotNet.Attributes;
using ProtonCancelLambda.Aws.Sns;
using ProtonCancelLambda.Outcomes;

namespace ProtonCancelLambda.Benchmarks;

/// <summary>
/// The outcome as JSON (source-generated), against the whole SNS Publish request built from it (JSON plus
/// message attributes): the ratio is what the request shape adds.
/// </summary>
[MemoryDiagnoser]
public class OutcomeSerializationBenchmarks
{
    private readonly SnsOutcomePublisher _publisher = new(new NoPublish(), "arn:aws:sns:us-east-1:123456789012:proton-cancel-outcomes");

    private readonly Outcome _outcome = new()
    {
        RequestId = "rb-2291",
        EnvironmentName = "prod-network",
        Kind = OutcomeKinds.Cancelled,
        DeploymentStatus = "CANCELLED",
        DeploymentStatusMessage = "User initiated cancellation.",
        DeploymentId = "d-abc123",
        EnvironmentArn = "arn:aws:proton:us-east-1:123456789012:environment/prod-network",
        Source = "sqs",
        Reason = "canary alarm",
        CorrelationId = "pipeline-run-77",
        RequestedAt = "2026-11-24T10:00:00.000Z",
        CompletedAt = "2026-11-24T10:02:13.000Z",
        PollCount = 9,
    };

    [Benchmark(Baseline = true)]
    public byte[] SerializeOutcome() => JsonSerializer.SerializeToUtf8Bytes(_outcome, OutcomeJsonContext.Default.Outcome);

    [Benchmark]
    public SnsPublishRequest ToPublishRequest() => _publisher.ToRequest(_outcome);

    private sealed class NoPublish : ISnsPublisher
    {
        public Task<string> PublishAsync(SnsPublishRequest request, DateTimeOffset deadline, CancellationToken cancellationToken) => Task.FromResult("m-0");
    }
}
