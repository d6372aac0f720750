using ProtonCancelLambda.Configuration;

namespace ProtonCancelLambda.Pacing;

/// <summary>
/// The Proton calls per second the whole fleet may make, per operation, as the operator configured them
/// (PROTON_GET_ENVIRONMENT_PER_SECOND, PROTON_CANCEL_PER_SECOND). AWS publishes no rate for these operations, so
/// nothing is assumed: 0 leaves the operation unpaced.
/// </summary>
public sealed record ProtonRates(double GetEnvironmentPerSecond, double CancelPerSecond)
{
    public const string GetEnvironment = "GetEnvironment";

    public const string CancelEnvironmentDeployment = "CancelEnvironmentDeployment";

    public static ProtonRates Unpaced { get; } = new(0, 0);

    public static ProtonRates From(FunctionSettings settings) => new(settings.ProtonGetEnvironmentPerSecond, settings.ProtonCancelPerSecond);

    public bool AnyPaced => GetEnvironmentPerSecond > 0 || CancelPerSecond > 0;

    public double For(string operation) => operation switch
    {
        GetEnvironment => GetEnvironmentPerSecond,
        CancelEnvironmentDeployment => CancelPerSecond,
        _ => 0,
    };
}
