using System.Text.Json.Nodes;
using static ProtonCancelLambda.Tests.Deployment.SamTemplate;

namespace ProtonCancelLambda.Tests.Deployment;

/// <summary>
/// The function's architecture and the binary SAM builds for it come from one parameter. SAM's makefile build
/// tells a Makefile only ARTIFACTS_DIR, so the template picks the Makefile itself: Metadata ContextPath
/// architectures/${Architecture}, the same value that sets Architectures. These tests run make the way SAM does.
/// </summary>
public sealed class TemplateArchitectureTests
{
    public const string Parameter = "Architecture";

    // Lambda's architecture names and the .NET runtime identifier each must be published for.
    private static readonly Dictionary<string, string> RuntimeIdentifiers = new(StringComparer.Ordinal)
    {
        ["arm64"] = "linux-arm64",
        ["x86_64"] = "linux-x64",
    };

    private readonly SamTemplate _template = SamTemplate.Load();

    private IReadOnlyList<string> Allowed => Strings(_template.Parameters[Parameter]!["AllowedValues"]).ToList();

    [Fact]
    public void Parameter_AllowsExactlyLambdasArchitectures_DefaultArm64()
    {
        Assert.Equal(RuntimeIdentifiers.Keys.Order(StringComparer.Ordinal), Allowed.Order(StringComparer.Ordinal));
        Assert.Equal("arm64", Text(_template.Parameters[Parameter]!["Default"]));
    }

    [Fact]
    public void Metadata_PicksTheMakefileByTheSameParameter()
    {
        var contextPath = _template.Resource(FunctionLogicalId)["Metadata"]!["ContextPath"];

        Assert.Equal($"architectures/${{{Parameter}}}", Text(Assert.IsType<JsonObject>(contextPath)["Fn::Sub"]));
    }

    [Fact]
    public void ArchitecturesFolder_HoldsAMakefileForEachAllowedValue_AndNothingElse()
    {
        var folders = Directory.GetDirectories(RepoFiles.PathOf("architectures")).Select(Path.GetFileName).Order(StringComparer.Ordinal);

        Assert.Equal(Allowed.Order(StringComparer.Ordinal), folders);
        Assert.All(Allowed, value => Assert.True(File.Exists(RepoFiles.PathOf("architectures", value, "Makefile")), $"architectures/{value}/Makefile is missing."));
    }

    [Fact]
    public async Task MakefileOfEachArchitecture_AsSamRunsIt_PublishesForThatArchitecture()
    {
        foreach (var architecture in Allowed)
        {
            // SAM runs: make --makefile <ContextPath>/Makefile build-<LogicalId>, ARTIFACTS_DIR set, in the CodeUri copy.
            var (exitCode, output) = await MakeAsync(
                "--dry-run", "--makefile", Path.Combine("architectures", architecture, "Makefile"), $"build-{FunctionLogicalId}", "ARTIFACTS_DIR=out");

            Assert.True(exitCode == 0, output);
            Assert.Contains($"dotnet publish src/ProtonCancelLambda -c Release -r {RuntimeIdentifiers[architecture]} -o \"out\"", output, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("ARCHITECTURE=x86")]
    public async Task RootMakefileTarget_WithoutAKnownArchitecture_RefusesToBuild(string? architecture)
    {
        string[] arguments = [$"build-{FunctionLogicalId}", "ARTIFACTS_DIR=out", .. architecture is null ? Array.Empty<string>() : [architecture]];

        var (exitCode, output) = await MakeAsync(arguments);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("ARCHITECTURE must be arm64 or x86_64", output, StringComparison.Ordinal);
        Assert.DoesNotContain("dotnet publish", output, StringComparison.Ordinal);
    }

    private static Task<(int ExitCode, string Output)> MakeAsync(params string[] arguments) =>
        ToolRun.RunAsync(ToolRun.Require("make", "SAM's makefile build"), arguments, new Dictionary<string, string?> { ["ARCHITECTURE"] = null });
}
