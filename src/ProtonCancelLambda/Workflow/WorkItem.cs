using ProtonCancelLambda.Requests;

namespace ProtonCancelLambda.Workflow;

/// <summary>A validated request with what the outcome must say about where and when it came from.</summary>
public sealed record WorkItem(CancelRequest Request, string Source, DateTimeOffset? RequestedAt);

/// <summary>The outcome's <c>source</c> values.</summary>
public static class RequestSources
{
    public const string Sqs = "sqs";
    public const string EventBridge = "eventbridge";
}
