using ProtonCancelLambda.Configuration;

namespace ProtonCancelLambda.Workflow;

/// <summary>The timing settings the workflow needs.</summary>
public sealed record WorkflowOptions(TimeSpan PollWindow, TimeSpan MaxWatch)
{
    /// <summary>How the end of every invocation is shared out, so the hand-over and the answer always fit.</summary>
    public DeadlineBudget Budget { get; init; } = new();

    /// <summary>When SNS could not take an outcome, the settled watch is looked at again this much later.</summary>
    public TimeSpan RepublishDelay { get; init; } = TimeSpan.FromSeconds(SettingRanges.RepublishDelaySeconds.Default);

    public static WorkflowOptions From(FunctionSettings settings) => new(settings.PollWindow, settings.MaxWatch) { RepublishDelay = settings.RepublishDelay };
}

/// <summary>
/// The last seconds before an invocation's deadline, kept in order: Proton and SNS calls (with their retries)
/// end <see cref="HandOverReserve"/> + <see cref="ResponseReserve"/> before it, so a continuation SendMessage
/// always has <see cref="HandOverReserve"/> for itself (a watch to hand over, or an outcome SNS would not take),
/// and the batch response has <see cref="ResponseReserve"/>. An invocation that overran its deadline would be
/// stopped with its whole batch redelivered, and a redelivered request cancels again.
/// </summary>
public sealed record DeadlineBudget
{
    /// <summary>For SQS SendMessage: a slow first attempt and a quick retry.</summary>
    public TimeSpan HandOverReserve { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>For posting the batch response to the Runtime API.</summary>
    public TimeSpan ResponseReserve { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>When Proton and SNS calls, retries included, must be done.</summary>
    public DateTimeOffset CallsEnd(DateTimeOffset deadline) => deadline - HandOverReserve - ResponseReserve;

    /// <summary>When the continuation SendMessage, retries included, must be done.</summary>
    public DateTimeOffset HandOverEnd(DateTimeOffset deadline) => deadline - ResponseReserve;
}
