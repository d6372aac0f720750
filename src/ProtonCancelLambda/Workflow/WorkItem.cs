using ProtonCancelLambda.Requests;

namespace ProtonCancelLambda.Workflow;

/// <summary>A validated request with what the outcome must say about where and when it came from.</summary>
public sealed record WorkItem(CancelRequest Request, string Source, DateTimeOffset? RequestedAt);
