namespace ProtonCancelLambda.IntegrationTests.Infrastructure;

/// <summary>How a test runs the function: this build in-process, or the published AOT binary.</summary>
public enum FunctionMode
{
    InProcess,
    Aot,
}
