namespace ProtonCancelLambda.IntegrationTests.Infrastructure;

/// <summary>How a test runs the function: this build in-process, or a published AOT binary.</summary>
public enum FunctionMode
{
    InProcess,

    /// <summary>The x86_64 bootstrap, as the build machine runs it.</summary>
    Aot,

    /// <summary>The arm64 (Graviton) bootstrap; on an x64 machine under qemu-aarch64 (<see cref="Arm64Emulation"/>).</summary>
    AotArm64,
}
