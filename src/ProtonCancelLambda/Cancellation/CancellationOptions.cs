using ProtonCancelLambda.Configuration;

namespace ProtonCancelLambda.Cancellation;

/// <summary>The timing settings the cancellation needs.</summary>
public sealed record CancellationOptions(TimeSpan PollWindow, TimeSpan MaxWatch)
{
    public static CancellationOptions From(FunctionSettings settings) => new(settings.PollWindow, settings.MaxWatch);
}
