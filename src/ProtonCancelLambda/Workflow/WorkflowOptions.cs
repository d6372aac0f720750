using ProtonCancelLambda.Configuration;

namespace ProtonCancelLambda.Workflow;

/// <summary>The timing settings the workflow needs.</summary>
public sealed record WorkflowOptions(TimeSpan PollWindow, TimeSpan MaxWatch)
{
    /// <summary>
    /// Kept free at the end of every invocation: enough to publish an outcome or send a continuation, with
    /// their retries, before Lambda stops the function.
    /// </summary>
    public TimeSpan SafetyMargin { get; init; } = TimeSpan.FromSeconds(5);

    public static WorkflowOptions From(FunctionSettings settings) => new(settings.PollWindow, settings.MaxWatch);
}
