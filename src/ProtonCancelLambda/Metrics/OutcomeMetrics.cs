using System.Buffers;
using System.Text;
using System.Text.Json;
using ProtonCancelLambda.Configuration;
using ProtonCancelLambda.Logging;
using ProtonCancelLambda.Outcomes;

namespace ProtonCancelLambda.Metrics;

/// <summary>
/// CloudWatch metrics in Embedded Metric Format on stdout: Lambda's log pipeline turns each line into
/// metrics, with no PutMetricData call and no extra latency. Per outcome: Outcomes (by outcome), PollCount,
/// TimeToSettle; UncertainPublishes for a failed publish that may have gone out; per invocation: TransientFaultsRetried,
/// and PutBacks (requests sent back to the queue to wait for a turn at Proton) when there were any.
/// Every metric carries the Service dimension (Powertools' convention, from POWERTOOLS_SERVICE_NAME), so two stacks in
/// one account never add up on a dashboard or alarm.
/// </summary>
public sealed class OutcomeMetrics
{
    public const string Namespace = "ProtonCancelLambda";

    public const string ServiceDimension = "Service";

    public const string OutcomeDimension = "Outcome";

    private readonly LambdaLogger _logger;
    private readonly TimeProvider _clock;
    private readonly string _service;
    private int _retriedFaults;
    private int _putBacks;

    public OutcomeMetrics(LambdaLogger logger, TimeProvider clock, string service = FunctionSettings.DefaultServiceName)
    {
        _logger = logger;
        _clock = clock;
        _service = service;
    }

    /// <summary>Called by the AWS clients' shared retry policy (Proton, SNS, SQS, DynamoDB) each time a transient fault is retried.</summary>
    public void CountRetriedFault() => Interlocked.Increment(ref _retriedFaults);

    /// <summary>Called each time a request is put back in the queue to wait for its turn at Proton.</summary>
    public void CountPutBack() => Interlocked.Increment(ref _putBacks);

    public void RecordOutcome(Outcome outcome, TimeSpan? timeToSettle)
    {
        _logger.WriteRawJsonLine(Emf(writer =>
        {
            writer.WriteString(OutcomeDimension, outcome.Kind);
            writer.WriteNumber("Outcomes", 1);
            writer.WriteNumber("PollCount", outcome.PollCount);
            if (timeToSettle is { } settle)
            {
                writer.WriteNumber("TimeToSettle", Math.Round(settle.TotalMilliseconds));
            }

            writer.WriteString("requestId", outcome.RequestId);
            writer.WriteString("environmentName", outcome.EnvironmentName);
        },
        [[ServiceDimension, OutcomeDimension]],
        [("Outcomes", "Count"), ("PollCount", "Count"), .. timeToSettle is null ? Array.Empty<(string, string)>() : [("TimeToSettle", "Milliseconds")]]));
    }

    /// <summary>
    /// A publish failed in a way that leaves open whether SNS delivered it (attempt timeout, 5xx, broken
    /// connection): the outcome published again later may then reach subscribers twice (docs/INTEGRATING.md).
    /// </summary>
    public void RecordUncertainPublish(Outcome outcome)
    {
        _logger.WriteRawJsonLine(Emf(writer =>
        {
            writer.WriteNumber("UncertainPublishes", 1);
            writer.WriteString("requestId", outcome.RequestId);
            writer.WriteString("Outcome", outcome.Kind);
        },
        [[]],
        [("UncertainPublishes", "Count")]));
    }

    /// <summary>Writes the invocation's count of retried transient faults and starts a new count.</summary>
    public void FlushInvocation()
    {
        var retried = Interlocked.Exchange(ref _retriedFaults, 0);
        _logger.WriteRawJsonLine(Emf(writer => writer.WriteNumber("TransientFaultsRetried", retried), [[ServiceDimension]], [("TransientFaultsRetried", "Count")]));
        if (Interlocked.Exchange(ref _putBacks, 0) is var putBacks and > 0)
        {
            _logger.WriteRawJsonLine(Emf(writer => writer.WriteNumber("PutBacks", putBacks), [[ServiceDimension]], [("PutBacks", "Count")]));
        }
    }

    private string Emf(Action<Utf8JsonWriter> values, string[][] dimensions, (string Name, string Unit)[] metrics)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("_aws");
            writer.WriteNumber("Timestamp", _clock.GetUtcNow().ToUnixTimeMilliseconds());
            writer.WriteStartArray("CloudWatchMetrics");
            writer.WriteStartObject();
            writer.WriteString("Namespace", Namespace);
            writer.WriteStartArray("Dimensions");
            foreach (var set in dimensions)
            {
                writer.WriteStartArray();
                foreach (var dimension in set)
                {
                    writer.WriteStringValue(dimension);
                }

                writer.WriteEndArray();
            }

            writer.WriteEndArray();
            writer.WriteStartArray("Metrics");
            foreach (var (name, unit) in metrics)
            {
                writer.WriteStartObject();
                writer.WriteString("Name", name);
                writer.WriteString("Unit", unit);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteString(ServiceDimension, _service);
            values(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
