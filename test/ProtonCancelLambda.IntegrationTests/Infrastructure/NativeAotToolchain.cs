using System.Runtime.InteropServices;

namespace ProtonCancelLambda.IntegrationTests.Infrastructure;

/// <summary>
/// What <c>dotnet publish</c> of the AOT function needs beyond the .NET SDK, probed the way the ILCompiler's
/// own targets probe it: a Linux x64 host, a linker driver (<c>clang</c>, else <c>gcc</c>) and, since the
/// project strips symbols, <c>objcopy</c> (<c>llvm-objcopy</c> or <c>objcopy</c> beside clang). zlib is not
/// asked for: .NET 10's Native AOT runtime pack links its own <c>libz.a</c>.
/// </summary>
public static class NativeAotToolchain
{
    /// <summary>Why the AOT function cannot be published here, or null when it can.</summary>
    public static string? Missing()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.OSArchitecture != Architecture.X64)
        {
            return $"the Native AOT bootstrap (linux-x64) is published on Linux x64 only, not on {RuntimeInformation.OSDescription} {RuntimeInformation.OSArchitecture}";
        }

        var clang = ToolPath.Find("clang");
        if (clang is null && ToolPath.Find("gcc") is null)
        {
            return "neither 'clang' nor 'gcc' is on PATH: Native AOT links with one of them (Debian/Ubuntu: apt-get install clang, or gcc)";
        }

        var objcopy = ToolPath.Find("objcopy") ?? (clang is null ? null : ToolPath.Find("llvm-objcopy"));
        return objcopy is null
            ? "'objcopy' is not on PATH: Native AOT strips the bootstrap's symbols with it (Debian/Ubuntu: apt-get install binutils)"
            : null;
    }
}
