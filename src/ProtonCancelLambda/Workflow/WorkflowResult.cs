using ProtonCancelLambda.Continuation;
using ProtonCancelLambda.Outcomes;

namespace ProtonCancelLambda.Workflow;

/// <summary>How the workflow left one request.</summary>
public abstract record WorkflowResult;

/// <summary>
/// The request has its outcome. <see cref="Resume"/> is set when the outcome came from watching a
/// deployment: if publishing fails, that continuation lets a later invocation find and publish it again.
/// </summary>
public sealed record Finished(Outcome Outcome, TimeSpan? TimeToSettle, ContinuationRequest? Resume) : WorkflowResult;

/// <summary>Still settling when the poll window ended: a continuation message carries the watch on.</summary>
public sealed record HandedOver(TimeSpan Delay) : WorkflowResult;

/// <summary>A transient fault outlived its retries before anything was decided; deliver the request again.</summary>
public sealed record TryAgainLater : WorkflowResult;
