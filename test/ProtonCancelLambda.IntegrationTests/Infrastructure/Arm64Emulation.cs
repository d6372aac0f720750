using System.Runtime.InteropServices;

namespace ProtonCancelLambda.IntegrationTests.Infrastructure;

/// <summary>
/// What building and running the arm64 bootstrap takes on an x64 machine: clang-14 and the arm64 glibc to link
/// it, qemu-user to run it, and an arm64 libssl.so.3 it loads at run time. <c>.ci/install-arm64-toolchain.sh</c>
/// installs all of it. On an arm64 machine nothing is needed and the bootstrap runs natively. Missing pieces
/// skip the test with a message naming them, or fail it under REQUIRE_LOCAL_AWS=1.
/// </summary>
public static class Arm64Emulation
{
    private const string InstallHint = "run .ci/install-arm64-toolchain.sh as root";
    private const string CrossSysroot = "/usr/aarch64-linux-gnu";

    private static bool NativeArm64 => RuntimeInformation.OSArchitecture == Architecture.Arm64;

    // Where the install script unpacks libssl3:arm64 (installing it for real would move the host's OpenSSL).
    private static string LibrariesDirectory =>
        Environment.GetEnvironmentVariable("ARM64_LIBS_DIR") is { Length: > 0 } given ? given : "/opt/arm64-libs";

    /// <summary>Skips (or fails) the test unless this machine can publish the arm64 bootstrap.</summary>
    public static void RequireCrossToolchain()
    {
        if (NativeArm64)
        {
            return;
        }

        const string Cannot = "The arm64 bootstrap cannot be published here (or pass one in BOOTSTRAP_ARM64_PATH):";
        if (ToolPath.Find("clang-14") is null)
        {
            LocalTools.Unavailable($"{Cannot} 'clang-14', its linker driver, is not on PATH ({InstallHint}).");
        }

        RequireFile(Path.Combine(CrossSysroot, "lib", "libc.so"), $"{Cannot} the arm64 glibc to link against (gcc-aarch64-linux-gnu, libc6-dev-arm64-cross)");
    }

    /// <summary>The command that runs an arm64 executable here (null: natively) and the variables it needs.</summary>
    public static (IReadOnlyList<string>? Launcher, IReadOnlyDictionary<string, string> Environment) RequireRunner()
    {
        if (NativeArm64)
        {
            return (null, new Dictionary<string, string>());
        }

        var qemu = LocalTools.Require("qemu-aarch64");
        RequireFile(Path.Combine(CrossSysroot, "lib", "ld-linux-aarch64.so.1"), "the arm64 glibc (gcc-aarch64-linux-gnu)");
        var libraries = Path.Combine(LibrariesDirectory, "usr", "lib", "aarch64-linux-gnu");
        RequireFile(Path.Combine(libraries, "libssl.so.3"), "an arm64 libssl.so.3 (libssl3:arm64 unpacked)");

        // qemu-user maps the guest's absolute paths under QEMU_LD_PREFIX first, so the arm64 loader and glibc
        // come from the cross sysroot; LD_LIBRARY_PATH reaches the guest's loader for libssl.
        return ([qemu], new Dictionary<string, string>
        {
            ["QEMU_LD_PREFIX"] = CrossSysroot,
            ["LD_LIBRARY_PATH"] = libraries,
        });
    }

    private static void RequireFile(string path, string what)
    {
        if (!File.Exists(path))
        {
            LocalTools.Unavailable($"{what} is missing: no {path} ({InstallHint}).");
        }
    }
}
