namespace ProtonCancelLambda.IntegrationTests.Infrastructure;

/// <summary>A processor Lambda runs the function on, with what the tests need to publish and run its bootstrap.</summary>
/// <param name="Name">Lambda's name for it (the template's Architecture values).</param>
/// <param name="RuntimeIdentifier">The .NET runtime identifier it is published for.</param>
/// <param name="PathVariable">The variable through which CI hands a bootstrap it published and checked itself.</param>
public sealed record FunctionArchitecture(string Name, string RuntimeIdentifier, string PathVariable)
{
    public static readonly FunctionArchitecture X64 = new("x86_64", "linux-x64", "BOOTSTRAP_PATH");

    public static readonly FunctionArchitecture Arm64 = new("arm64", "linux-arm64", "BOOTSTRAP_ARM64_PATH");
}
