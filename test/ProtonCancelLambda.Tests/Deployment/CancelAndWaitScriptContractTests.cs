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

    private static Dictionary<string, int> ExitCodes() => ExitCode().Matches(Script)
        .ToDictionary(m => m.Groups[1].Value, m => int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));

    [GeneratedRegex(@"\bEXIT_([A-Z_]+)=(\d+)")]
    private static partial Regex ExitCode();
}
