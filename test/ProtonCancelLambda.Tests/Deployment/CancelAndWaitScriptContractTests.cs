using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using ProtonCancelLambda.Outcomes;

namespace ProtonCancelLambda.Tests.Deployment;

/// <summary>
/// scripts/cancel-and-wait.sh agrees with the code and the docs: a distinct exit code for every outcome kind,
/// and the codes the docs give. Its behaviour runs end to end in the integration tests.
/// </summary>
public sealed partial class CancelAndWaitScriptContractTests
{
    private static readonly string Script = RepoFiles.Read("scripts", "cancel-and-wait.sh");

    [Fact]
    public void EveryOutcomeKind_HasItsOwnExitCode_AndOnlyCancelledExitsZero()
    {
        var codes = ExitCodes();
        var kinds = typeof(OutcomeKinds).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetRawConstantValue()!).ToList();

        Assert.All(kinds, kind => Assert.True(codes.ContainsKey(kind), $"The script has no EXIT_{kind}."));
        Assert.Equal(codes.Count, codes.Values.Distinct().Count());
        Assert.Equal(0, codes["CANCELLED"]);
        Assert.All(kinds.Where(k => k != "CANCELLED"), kind => Assert.NotEqual(0, codes[kind]));
        Assert.All(kinds, kind => Assert.Contains($"{kind}) exit \"$EXIT_{kind}\" ;;", Script, StringComparison.Ordinal));
    }

    [Fact]
    public void ExitCodesInTheDocs_AreTheScripts()
    {
        var codes = ExitCodes();
        var docs = RepoFiles.Read("docs", "INTEGRATING.md");
        var outcomeRow = string.Join(", ", new[] { "FAILED", "SUCCEEDED", "NOT_IN_PROGRESS", "SKIPPED", "NOT_FOUND", "REJECTED", "ERROR", "TIMED_OUT" }.Select(k => codes[k].ToString(CultureInfo.InvariantCulture)));

        Assert.Contains($"| {outcomeRow} |", docs, StringComparison.Ordinal);
        Assert.Contains($"| {codes["OWN_TIMEOUT"]} | no outcome within `--timeout`", docs, StringComparison.Ordinal);
        Assert.Contains($"| {codes["OWN_ERROR"]} | one of the script's own AWS calls failed", docs, StringComparison.Ordinal);
        Assert.Contains($"| {codes["USAGE"]} | usage error", docs, StringComparison.Ordinal);
        Assert.Contains($"| {codes["UNKNOWN_OUTCOME"]} | an outcome kind the script does not know", docs, StringComparison.Ordinal);
    }

    [Fact]
    public void TheActionsInputsAndOutputs_AreDocumented_AndReachTheScriptThroughEnvOnly()
    {
        var stream = new YamlDotNet.RepresentationModel.YamlStream();
        stream.Load(new StringReader(RepoFiles.Read("action.yml")));
        var root = (YamlDotNet.RepresentationModel.YamlMappingNode)stream.Documents[0].RootNode;
        string[] Keys(string section) => [.. ((YamlDotNet.RepresentationModel.YamlMappingNode)root.Children[new YamlDotNet.RepresentationModel.YamlScalarNode(section)]).Children.Keys.Select(k => k.ToString())];
        var docs = RepoFiles.Read("docs", "INTEGRATING.md");

        Assert.All(Keys("inputs").Concat(Keys("outputs")), name => Assert.Contains($"`{name}`", docs, StringComparison.Ordinal));
        var run = RepoFiles.Read("action.yml")[RepoFiles.Read("action.yml").IndexOf("run: |", StringComparison.Ordinal)..];
        Assert.DoesNotContain("${{", run, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryPinnedTagInTheDocs_IsTheVersionFile()
    {
        var version = RepoFiles.Read("VERSION").Trim();
        Assert.Matches(@"^\d+\.\d+\.\d+$", version);

        var pins = DocTables.Files.Select(File.ReadAllText).Append(RepoFiles.Read("action.yml"))
            .SelectMany(text => PinnedTag().Matches(text).Select(m => m.Groups["version"].Value))
            .ToList();

        Assert.NotEmpty(pins);
        Assert.All(pins, pin => Assert.Equal(version, pin));
    }

    [GeneratedRegex(@"(ProtonCancelLambda@v|STEP_VERSION: v)(?<version>[0-9][0-9.]*[0-9])")]
    private static partial Regex PinnedTag();

    private static Dictionary<string, int> ExitCodes() => ExitCode().Matches(Script)
        .ToDictionary(m => m.Groups[1].Value, m => int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));

    [GeneratedRegex(@"\bEXIT_([A-Z_]+)=(\d+)")]
    private static partial Regex ExitCode();
}
