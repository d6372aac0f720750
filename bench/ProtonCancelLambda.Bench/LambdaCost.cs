using System.Globalization;

namespace ProtonCancelLambda.Bench;

/// <summary>
/// What a cancellation costs in Lambda charges on each architecture: billed duration x memory x the published
/// price per GB-second, plus the request charge per invocation. Prices: AWS Lambda, US East (N. Virginia),
/// first pricing tier; arm64 duration is 20% cheaper, requests cost the same.
/// </summary>
internal static class LambdaCost
{
    private const double X86PerGbSecond = 0.0000166667;
    private const double Arm64PerGbSecond = 0.0000133334;
    private const double PerRequest = 0.20 / 1_000_000;

    /// <summary>The template's MemorySize.</summary>
    public const double DeployedMemoryGb = 0.25;

    public static string Describe(double billedMs, int invocations)
    {
        var gbSeconds = billedMs / 1000 * DeployedMemoryGb;
        var requests = invocations * PerRequest;
        var x86 = (gbSeconds * X86PerGbSecond) + requests;
        var arm64 = (gbSeconds * Arm64PerGbSecond) + requests;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"Lambda cost, 10-minute cancellation with continuations at 256 MB ({gbSeconds:0.00} GB-s, {invocations} invocations): x86_64 ${x86:0.0000000}, arm64 ${arm64:0.0000000} ({(1 - (arm64 / x86)) * 100:0}% less)");
    }
}
