using ProtonCancelLambda.Configuration;

namespace ProtonCancelLambda.Pipeline;

/// <summary>The timing settings the pipeline itself needs (the cancellation's are <c>CancellationOptions</c>).</summary>
public sealed record RequestPipelineOptions(TimeSpan MaxWatch)
{
    /// <summary>When SNS is unreachable, a settled watch is looked at again this much later.</summary>
    public TimeSpan RepublishDelay { get; init; } = DefaultRepublishDelay;

    public static readonly TimeSpan DefaultRepublishDelay = TimeSpan.FromSeconds(30);

    public static RequestPipelineOptions From(FunctionSettings settings) => new(settings.MaxWatch);
}
