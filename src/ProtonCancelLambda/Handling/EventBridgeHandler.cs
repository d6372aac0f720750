using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using ProtonCancelLambda.Events;
using ProtonCancelLambda.Pipeline;
using ProtonCancelLambda.Requests;
using ProtonCancelLambda.RuntimeApi;

namespace ProtonCancelLambda.Handling;

/// <summary>One EventBridge event, one request: its <c>detail</c>.</summary>
public sealed class EventBridgeHandler
{
    private readonly IRequestPipeline _pipeline;

    public EventBridgeHandler(IRequestPipeline pipeline)
    {
        _pipeline = pipeline;
    }

    public async Task<EventBridgeResponse> HandleAsync(JsonElement root, InvocationContext context, InvocationDeadlines deadlines, CancellationToken cancellationToken)
    {
        var delivery = Read(root, context, deadlines);
        var result = await _pipeline.RunAsync(delivery, cancellationToken).ConfigureAwait(false);
        if (result == ProcessingResult.RetryLater)
        {
            throw new TransientFailureException(
                $"Request {delivery.RequestId} hit a transient fault that outlived its retries; Lambda's asynchronous retry will deliver it again.");
        }

        return new EventBridgeResponse(delivery.RequestId, "completed");
    }

    private static Delivery Read(JsonElement root, InvocationContext context, InvocationDeadlines deadlines)
    {
        EventBridgeEvent? @event;
        try
        {
            @event = root.Deserialize(EventJsonContext.Default.EventBridgeEvent);
        }
        catch (JsonException exception)
        {
            return Delivery.Create(
                RequestSources.EventBridge,
                context.RequestId,
                new RejectedRequest(context.RequestId, $"the EventBridge event could not be read: {exception.Message}"),
                null,
                deadlines);
        }

        var id = @event?.Id is { Length: > 0 } eventId ? eventId : context.RequestId;
        return Delivery.Create(RequestSources.EventBridge, id, ParseDetail(@event, id), IsoTime.ReadAws(@event?.Time), deadlines);
    }

    private static RequestParseResult ParseDetail(EventBridgeEvent? @event, string id)
    {
        if (@event?.DetailType != EventBridgeEvent.CancelRequestedDetailType)
        {
            return new RejectedRequest(id, $"detail-type '{@event?.DetailType}' is not '{EventBridgeEvent.CancelRequestedDetailType}'");
        }

        if (@event.Detail is not { } detail || detail.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return new RejectedRequest(id, "the EventBridge event has no detail; expected the cancel request there");
        }

        // Its UTF-8 bytes as they arrived, like an SQS body's, read in place rather than copied into a string.
        var size = JsonMarshal.GetRawUtf8Value(detail).Length;
        if (size > RequestLimits.MaxBodyBytes)
        {
            return new RejectedRequest(id, string.Create(CultureInfo.InvariantCulture, $"the detail is {size} bytes; at most {RequestLimits.MaxBodyBytes} are accepted"));
        }

        return RequestParser.ParseDetail(detail, id) switch
        {
            // Continuations travel only on the SQS request queue; through EventBridge a watch can only be forged.
            AcceptedRequest { Watch: not null, Request: var request } => new RejectedRequest(
                request.RequestId,
                "watch is written by the function into its own continuation messages on the SQS request queue; an EventBridge event cannot carry one",
                request.EnvironmentName,
                request.Reason,
                request.CorrelationId),
            var parsed => parsed,
        };
    }
}
