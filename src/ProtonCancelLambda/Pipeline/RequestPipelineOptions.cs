using ProtonCancelLambda.Configuration;

namespace ProtonCancelLambda.Pipeline;

/// <summary>
/// The timing settings the pipeline itself needs (the cancellation's are <c>CancellationOptions</c>):
/// <paramref name="RepublishDelay"/> is how much later a settled watch is looked at again when SNS could not take
/// its outcome (REPUBLISH_DELAY_SECONDS).
/// </summary>
public sealed record RequestPipelineOptions(TimeSpan MaxWatch, TimeSpan RepublishDelay)
{
    public static RequestPipelineOptions From(FunctionSettings settings) => new(settings.MaxWatch, settings.RepublishDelay);
}
