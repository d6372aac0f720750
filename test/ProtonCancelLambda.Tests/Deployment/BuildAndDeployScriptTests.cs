using System.Text.RegularExpressions;
using Tomlyn;
using Tomlyn.Model;

namespace ProtonCancelLambda.Tests.Deployment;

/// <summary>
/// scripts/build-and-deploy.sh gives `sam build` and `sam deploy` one Architecture and refuses a bootstrap built for
/// the other. `sam` here is a stand-in on PATH that records its arguments and, for `build`, leaves a bootstrap with
/// the ELF machine the test chooses where SAM would (BUILD_DIR/ProtonCancelFunction/bootstrap).
/// </summary>
public sealed partial class BuildAndDeployScriptTests : IDisposable
{
    private const ushort Arm64 = 183;
    private const ushort X8664 = 62;

    private readonly string _work = Directory.CreateTempSubdirectory("build-and-deploy-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task WithoutAnArchitecture_BothCommandsGetSamconfigsOverrides_WithItsArchitecture()
    {
        var (exitCode, output, calls) = await RunAsync(Arm64);

        Assert.True(exitCode == 0, output);
        var (build, deploy) = BuildAndDeploy(calls);
        var expected = GlobalOverrides(RepoFiles.Read("samconfig.toml"));
        Assert.Equal(Pairs(expected), Pairs(Overrides(build)));
        Assert.Equal(Overrides(build), Overrides(deploy));
    }

    [Fact]
    public async Task AnArchitectureGiven_ReplacesSamconfigs_InBothCommands_KeepingTheOtherOverrides()
    {
        var (exitCode, output, calls) = await RunAsync(X8664, "--architecture", "x86_64", "--", "--no-confirm-changeset");

        Assert.True(exitCode == 0, output);
        var (build, deploy) = BuildAndDeploy(calls);
        Assert.Equal(Overrides(build), Overrides(deploy));
        var pairs = Pairs(Overrides(build));
        Assert.Equal("x86_64", Assert.Single(pairs, p => p.Key == "Architecture").Value);
        Assert.Equal(Pairs(GlobalOverrides(RepoFiles.Read("samconfig.toml"))).Where(p => p.Key != "Architecture"), pairs.Where(p => p.Key != "Architecture"));
        Assert.EndsWith("--no-confirm-changeset", deploy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABootstrapOfTheOtherArchitecture_IsNeverDeployed()
    {
        var (exitCode, output, calls) = await RunAsync(Arm64, "--architecture", "x86_64");

        Assert.Equal(1, exitCode);
        Assert.Contains("ELF machine 183 (arm64), not x86_64", output, StringComparison.Ordinal);
        Assert.Contains("refusing to deploy", output, StringComparison.Ordinal);
        Assert.DoesNotContain(calls, call => call.StartsWith("deploy", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GuidedDeploysAnswers_InTheDeploySection_ReachSamBuildToo()
    {
        // What `sam deploy --guided` leaves: its answers under [default.deploy.parameters], which sam build never reads.
        var config = Path.Combine(_work, "samconfig.toml");
        var guided = RepoFiles.Read("samconfig.toml").Replace(
            "[default.deploy.parameters]\n",
            "[default.deploy.parameters]\nparameter_overrides = \"Architecture=\\\"x86_64\\\" EnvironmentNamePattern=\\\"prod-*\\\" RequestSenderArns=\\\"arn:aws:iam::123456789012:role/rollback\\\"\"\n",
            StringComparison.Ordinal);
        File.WriteAllText(config, guided);
        var deployOverrides = (string)Section(TomlSerializer.Deserialize<TomlTable>(guided)!, "deploy")["parameter_overrides"];

        var (exitCode, output, calls) = await RunAsync(X8664, "--config-file", config);

        Assert.True(exitCode == 0, output);
        var (build, deploy) = BuildAndDeploy(calls);
        Assert.Equal(Pairs(deployOverrides), Pairs(Overrides(build)));
        Assert.Equal(Overrides(build), Overrides(deploy));
        Assert.Contains($"--config-file {config}", build, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownArchitecture_IsAUsageError_BeforeAnyBuild()
    {
        var (exitCode, output, calls) = await RunAsync(Arm64, "--architecture", "x86");

        Assert.Equal(2, exitCode);
        Assert.Contains("arm64 or x86_64", output, StringComparison.Ordinal);
        Assert.Empty(calls);
    }

    private async Task<(int ExitCode, string Output, List<string> Calls)> RunAsync(ushort machine, params string[] arguments)
    {
        var bash = ToolRun.Require("bash", "scripts/build-and-deploy.sh");
        var bin = Directory.CreateDirectory(Path.Combine(_work, "bin")).FullName;
        var log = Path.Combine(_work, "sam-calls.txt");
        var bootstrap = Path.Combine(_work, "elf-bootstrap");
        File.WriteAllBytes(bootstrap, ElfHeader(machine));
        var sam = Path.Combine(bin, "sam");
        ToolRun.WriteScript(sam, $$"""
            #!{{bash}}
            printf '%s\n' "$*" >> '{{log}}'
            if [ "$1" = build ]; then
              while [ $# -gt 0 ]; do [ "$1" = --build-dir ] && dir=$2; shift; done
              mkdir -p "$dir/ProtonCancelFunction" && cp '{{bootstrap}}' "$dir/ProtonCancelFunction/bootstrap"
            fi
            """);

        var (exitCode, output) = await ToolRun.RunAsync(
            bash,
            ["scripts/build-and-deploy.sh", "--build-dir", Path.Combine(_work, "build"), .. arguments],
            new Dictionary<string, string?> { ["PATH"] = bin + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH") });
        return (exitCode, output, File.Exists(log) ? [.. File.ReadAllLines(log)] : []);
    }

    // The first 20 bytes of a little-endian 64-bit ELF executable with e_machine = machine; the rest is never read.
    private static byte[] ElfHeader(ushort machine)
    {
        var header = new byte[64];
        byte[] identity = [0x7F, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1];
        identity.CopyTo(header, 0);
        header[16] = 2; // ET_EXEC
        BitConverter.TryWriteBytes(header.AsSpan(18), machine);
        return header;
    }

    private static (string Build, string Deploy) BuildAndDeploy(List<string> calls)
    {
        Assert.Equal(2, calls.Count);
        Assert.StartsWith("build ", calls[0], StringComparison.Ordinal);
        Assert.StartsWith("deploy ", calls[1], StringComparison.Ordinal);
        return (calls[0], calls[1]);
    }

    // The value after --parameter-overrides up to the next option (the stand-in logs the arguments space-joined).
    private static string Overrides(string call) => OverridesArgument().Match(call).Groups[1].Value.Trim();

    private static string GlobalOverrides(string toml) => (string)Section(TomlSerializer.Deserialize<TomlTable>(toml)!, "global")["parameter_overrides"];

    private static List<KeyValuePair<string, string>> Pairs(string overrides) =>
        [.. OverridePair().Matches(overrides).Select(m => KeyValuePair.Create(m.Groups[1].Value, m.Groups[2].Value)).OrderBy(p => p.Key, StringComparer.Ordinal)];

    private static TomlTable Section(TomlTable config, string command) =>
        (TomlTable)((TomlTable)((TomlTable)config["default"])[command])["parameters"];

    [GeneratedRegex(@"--parameter-overrides (.*?)(?: --[a-z-]+|$)")]
    private static partial Regex OverridesArgument();

    [GeneratedRegex("([A-Za-z0-9]+)=\"([^\"]*)\"")]
    private static partial Regex OverridePair();
}
