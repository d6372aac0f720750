using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace ProtonCancelLambda.Tests.Deployment;

/// <summary>
/// The GitHub Actions job and the CodeBuild buildspec in docs/INTEGRATING.md paste as they are: valid YAML,
/// OIDC credentials for a role, a job timeout above the step's, the step at a pinned tag, and no outside
/// value spliced into a script.
/// </summary>
public sealed partial class PipelineExamplesTests
{
    private static readonly List<YamlMappingNode> Examples = [.. YamlBlock().Matches(RepoFiles.Read("docs", "INTEGRATING.md")).Select(m => Parse(m.Groups["body"].Value))];

    [Fact]
    public void TheGitHubActionsJob_UsesOidc_APinnedAction_AndATimeoutAboveTheSteps()
    {
        var job = (YamlMappingNode)Assert.Single(Examples, e => e.Children.Count == 1 && Text(e.Children.Values.Single(), "runs-on") is not null).Children.Values.Single();

        Assert.Equal("write", Text(Node(job, "permissions"), "id-token"));
        var steps = ((YamlSequenceNode)Node(job, "steps")).Cast<YamlMappingNode>().ToList();
        var credentials = Assert.Single(steps, s => Text(s, "uses")?.StartsWith("aws-actions/configure-aws-credentials@", StringComparison.Ordinal) == true);
        Assert.StartsWith("arn:aws:iam::", Text(Node(credentials, "with"), "role-to-assume"), StringComparison.Ordinal);
        var cancel = Assert.Single(steps, s => Text(s, "uses")?.Contains("/ProtonCancelLambda@v", StringComparison.Ordinal) == true);
        var stepTimeout = int.Parse(Text(Node(cancel, "with"), "timeout")!, CultureInfo.InvariantCulture);
        Assert.True(int.Parse(Text(job, "timeout-minutes")!, CultureInfo.InvariantCulture) * 60 > stepTimeout);
        Assert.All(steps, step => Assert.DoesNotContain("${{", Text(step, "run") ?? string.Empty, StringComparison.Ordinal));
    }

    [Fact]
    public void TheBuildspec_FetchesThePinnedStep_AndRunsItInBash()
    {
        var buildspec = Assert.Single(Examples, e => Text(e, "version") == "0.2");

        Assert.Equal("bash", Text(Node(buildspec, "env"), "shell"));
        Assert.StartsWith("v", Text(Node(Node(buildspec, "env"), "variables"), "STEP_VERSION"), StringComparison.Ordinal);
        var commands = string.Join('\n', ((YamlMappingNode)Node(buildspec, "phases")).Children.Values
            .SelectMany(phase => (YamlSequenceNode)Node(phase, "commands")).Select(c => ((YamlScalarNode)c).Value));
        Assert.Contains("/${STEP_VERSION}/scripts/cancel-and-wait.sh", commands, StringComparison.Ordinal);
        Assert.Contains("bash cancel-and-wait.sh", commands, StringComparison.Ordinal);
    }

    private static YamlMappingNode Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static YamlNode Node(YamlNode map, string key) => ((YamlMappingNode)map).Children[new YamlScalarNode(key)];

    private static string? Text(YamlNode map, string key) =>
        map is YamlMappingNode mapping && mapping.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode scalar ? scalar.Value : null;

    [GeneratedRegex(@"```yaml\n(?<body>.*?)```", RegexOptions.Singleline)]
    private static partial Regex YamlBlock();
}
