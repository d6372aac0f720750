using System.Text.Json;
using ProtonCancelLambda.Aws.Sns;

namespace ProtonCancelLambda.Tests.Simulation;

/// <summary>The outcome topic: every publish that took effect, whoever published it and whether its answer came back.</summary>
internal sealed class SimTopic(SimScheduler scheduler, SimCalls calls, FaultRates faults, Action<string, DuplicateWindow> window) : ISnsPublisher
{
    private int _published;

    public List<PublishedOutcome> Outcomes { get; } = [];

    public Task<string> PublishAsync(SnsPublishRequest request, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var publisher = scheduler.Current!;
        var requestId = RequestId(request);
        return calls.Call(
            $"SNS Publish {requestId}",
            faults,
            deadline,
            cancellationToken,
            () => Publish(request, requestId, publisher),
            (code, message) => new SnsException(code, message, 500, isRetryable: true),
            () => window(requestId, DuplicateWindow.PublishAnswerLost));
    }

    private string Publish(SnsPublishRequest request, string requestId, SimInvocation publisher)
    {
        var kind = request.StringAttributes.FirstOrDefault(pair => pair.Key == "outcome").Value;
        Outcomes.Add(new PublishedOutcome(requestId, kind, scheduler.Now, publisher.Name, ErrorOf(request)));
        publisher.Published.Add(requestId);
        scheduler.Note($"{publisher.Name}: published {kind} for {requestId}");
        return $"sns-{++_published}";
    }

    private static string? ErrorOf(SnsPublishRequest request)
    {
        using var message = JsonDocument.Parse(request.Message);
        return message.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String ? error.GetString() : null;
    }

    private static string RequestId(SnsPublishRequest request)
    {
        using var message = JsonDocument.Parse(request.Message);
        return message.RootElement.GetProperty("requestId").GetString()!;
    }
}

internal sealed record PublishedOutcome(string RequestId, string? Kind, DateTimeOffset At, string Invocation, string? Error = null);
