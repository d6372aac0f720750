using System.Text.Json;
using ProtonCancelLambda.Events;
using ProtonCancelLambda.Requests;
using ProtonCancelLambda.RuntimeApi;

namespace ProtonCancelLambda.Handling;

/// <summary>Recognises the event's shape and hands it to the SQS or EventBridge handler.</summary>
public sealed class EventDispatcher : IInvocationHandler
{
    private readonly SqsBatchHandler _sqs;
    private readonly EventBridgeHandler _eventBridge;
    private readonly TimeProvider _clock;

    public EventDispatcher(SqsBatchHandler sqs, EventBridgeHandler eventBridge, TimeProvider clock)
    {
        _sqs = sqs;
        _eventBridge = eventBridge;
        _clock = clock;
    }

    public async Task<byte[]> HandleAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(invocation.Payload);
        }
        catch (JsonException exception)
        {
            throw new UnrecognizedEventException($"The invocation payload is not JSON ({exception.Message}); expected an SQS batch or an EventBridge event.", exception);
        }

        // Once per invocation, from its start: every record of a batch shares the invocation's end.
        var deadlines = InvocationDeadlines.From(invocation.Context.Deadline, _clock.GetUtcNow());
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("Records", out var records))
            {
                EnsureSqsRecords(records);
                var response = await _sqs.HandleAsync(records, invocation.Context, deadlines, cancellationToken).ConfigureAwait(false);
                return JsonSerializer.SerializeToUtf8Bytes(response, EventJsonContext.Default.SqsBatchResponse);
            }

            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("detail-type", out _))
            {
                var response = await _eventBridge.HandleAsync(root, invocation.Context, deadlines, cancellationToken).ConfigureAwait(false);
                return JsonSerializer.SerializeToUtf8Bytes(response, EventJsonContext.Default.EventBridgeResponse);
            }

            throw new UnrecognizedEventException(
                $"Expected an SQS batch (an object with Records) or an EventBridge event (an object with detail-type and detail); received {Describe(root)}.");
        }
    }

    private static void EnsureSqsRecords(JsonElement records)
    {
        if (records.ValueKind != JsonValueKind.Array)
        {
            throw new UnrecognizedEventException($"Records must be an array of SQS records; received {DescribeKind(records)}.");
        }

        foreach (var record in records.EnumerateArray())
        {
            var source = record.ValueKind == JsonValueKind.Object && record.TryGetProperty("eventSource", out var s) && s.ValueKind == JsonValueKind.String
                ? s.GetString()
                : null;
            if (source is not null && source != "aws:sqs")
            {
                throw new UnrecognizedEventException($"Received Records from '{source}'; this function handles SQS records (eventSource 'aws:sqs') and EventBridge events.");
            }
        }
    }

    private static string Describe(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return DescribeKind(root);
        }

        var names = root.EnumerateObject().Select(p => p.Name).Take(11).ToList();
        if (names.Count == 0)
        {
            return "an empty JSON object";
        }

        var shown = string.Join(", ", names.Take(10)) + (names.Count > 10 ? ", ..." : string.Empty);
        return $"a JSON object with properties [{shown}]";
    }

    private static string DescribeKind(JsonElement element) =>
        element.ValueKind == JsonValueKind.Undefined ? "nothing" : "JSON " + Requests.RequestParser.KindName(element.ValueKind);
}
