using System.Runtime.InteropServices;
using static ProtonCancelLambda.Tests.Deployment.SamTemplate;

namespace ProtonCancelLambda.Tests.Deployment;

/// <summary>
/// The SAM build target's preflight, run as SAM runs the target (make --makefile architectures/ARCH/Makefile
/// build-ProtonCancelFunction ARTIFACTS_DIR=...): on a machine without the arm64 cross toolchain it stops before
/// `dotnet publish`, naming the packages or the other architecture, instead of failing minutes later in the linker.
/// The toolchain is installed where CI runs, so it is hidden by PATH: a folder holding only a `dotnet` that records
/// any call, `bash` and `uname`. (The full build with the toolchain is .ci/deploy-checks.sh's: minutes, not seconds.)
/// </summary>
public sealed class BuildPreflightTests : IDisposable
{
    private readonly string _bin = Directory.CreateTempSubdirectory("preflight-bin-").FullName;
    private readonly string _artifacts = Directory.CreateTempSubdirectory("preflight-out-").FullName;

    public void Dispose()
    {
        Directory.Delete(_bin, recursive: true);
        Directory.Delete(_artifacts, recursive: true);
    }

    [Fact]
    public async Task WithoutTheCrossToolchain_TheArm64BuildStopsBeforePublishing_NamingTheFix()
    {
        SkipUnlessLinuxX64();
        var (exitCode, output) = await BuildAsync("arm64", BarePath());

        Assert.NotEqual(0, exitCode);
        Assert.Contains("cannot build the arm64 bootstrap here", output, StringComparison.Ordinal);
        Assert.Contains("clang-14", output, StringComparison.Ordinal);
        Assert.Contains("Architecture=x86_64", output, StringComparison.Ordinal);
        if (DistributionFamily() == "apt")
        {
            Assert.Contains("apt-get install clang-14 llvm-14 gcc-aarch64-linux-gnu libc6-dev-arm64-cross", output, StringComparison.Ordinal);
        }

        Assert.False(File.Exists(DotnetCalls), $"dotnet ran before the preflight stopped the build: {ReadCalls()}");
        Assert.Empty(Directory.EnumerateFileSystemEntries(_artifacts));
    }

    [Fact]
    public async Task WithoutACompiler_TheNativeBuildStopsBeforePublishing_NamingThePackages()
    {
        SkipUnlessLinuxX64();
        var (exitCode, output) = await BuildAsync("x86_64", BarePath());

        Assert.NotEqual(0, exitCode);
        Assert.Contains("cannot build the x86_64 bootstrap here", output, StringComparison.Ordinal);
        Assert.Contains(DistributionFamily() == "dnf" ? "dnf install clang binutils" : "apt-get install clang binutils", output, StringComparison.Ordinal);
        Assert.False(File.Exists(DotnetCalls), $"dotnet ran before the preflight stopped the build: {ReadCalls()}");
    }

    [Theory]
    [InlineData("arm64", "linux-arm64")]
    [InlineData("x86_64", "linux-x64")]
    public async Task WithTheToolchain_ThePreflightPasses_AndThePublishRuns(string architecture, string runtimeIdentifier)
    {
        SkipUnlessLinuxX64();
        // This machine's PATH, with the recording dotnet in front: the preflight finds the real toolchain, then make
        // runs `dotnet publish`, which is recorded instead of taking minutes (the bootstrap check then fails on the
        // missing file, as it must).
        var (_, output) = await BuildAsync(architecture, _bin + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH"));

        Assert.DoesNotContain("cannot build", output, StringComparison.Ordinal);
        Assert.Contains($"publish src/ProtonCancelLambda -c Release -r {runtimeIdentifier} -o {_artifacts}", ReadCalls(), StringComparison.Ordinal);
        Assert.Contains("does not exist", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnOverriddenCrossLinker_IsTheOneChecked()
    {
        SkipUnlessLinuxX64();
        var (exitCode, output) = await ToolRun.RunAsync(
            ToolRun.Require("bash", "the preflight"),
            ["architectures/preflight.sh", "arm64"],
            new Dictionary<string, string?> { ["CppCompilerAndLinker"] = "clang-no-such-version" });

        Assert.NotEqual(0, exitCode);
        Assert.Contains("clang-no-such-version", output, StringComparison.Ordinal);
    }

    private string DotnetCalls => Path.Combine(_bin, "dotnet-calls.txt");

    private string ReadCalls() => File.Exists(DotnetCalls) ? File.ReadAllText(DotnetCalls) : "(none)";

    private async Task<(int ExitCode, string Output)> BuildAsync(string architecture, string path)
    {
        var make = ToolRun.Require("make", "SAM's makefile build");
        var bash = ToolRun.Require("bash", "the build target");
        ToolRun.WriteScript(Path.Combine(_bin, "dotnet"), $"#!{bash}\necho \"$*\" >> '{DotnetCalls}'\n");
        File.CreateSymbolicLink(Path.Combine(_bin, "bash"), bash);
        File.CreateSymbolicLink(Path.Combine(_bin, "uname"), ToolRun.Require("uname", "the preflight"));

        return await ToolRun.RunAsync(
            make,
            ["--makefile", Path.Combine("architectures", architecture, "Makefile"), $"build-{FunctionLogicalId}", $"ARTIFACTS_DIR={_artifacts}"],
            new Dictionary<string, string?> { ["PATH"] = path, ["ARCHITECTURE"] = null, ["CppCompilerAndLinker"] = null, ["ObjCopyName"] = null });
    }

    private string BarePath() => _bin;

    private static void SkipUnlessLinuxX64() =>
        Assert.SkipUnless(OperatingSystem.IsLinux() && RuntimeInformation.OSArchitecture == System.Runtime.InteropServices.Architecture.X64, "The preflight's messages are checked on Linux x64, where the arm64 build is a cross build.");

    private static string DistributionFamily()
    {
        var release = File.Exists("/etc/os-release") ? File.ReadAllText("/etc/os-release") : string.Empty;
        return release.Contains("debian", StringComparison.Ordinal) || release.Contains("ubuntu", StringComparison.Ordinal) ? "apt"
            : release.Contains("fedora", StringComparison.Ordinal) || release.Contains("amzn", StringComparison.Ordinal) || release.Contains("rhel", StringComparison.Ordinal) ? "dnf"
            : "unknown";
    }
}
