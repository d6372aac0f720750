using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace ProtonCancelLambda.IntegrationTests.Pipelines;

/// <summary>
/// The repository's action.yml read as GitHub's runner reads a composite action: its inputs with their
/// defaults, its <c>run:</c> steps with their <c>env:</c>, and its outputs, with the <c>${{ }}</c>
/// expressions it uses (inputs, step outputs, the action's path) evaluated. No GitHub runner is needed.
/// </summary>
internal sealed partial class CompositeAction
{
    private readonly YamlMappingNode _root;

    private CompositeAction(YamlMappingNode root) => _root = root;

    public sealed record Step(string Id, string Shell, IReadOnlyDictionary<string, string> Env, string Run);

    public static CompositeAction Load()
    {
        var stream = new YamlStream();
        using var reader = new StringReader(RepoFiles.Read("action.yml"));
        stream.Load(reader);
        return new CompositeAction((YamlMappingNode)stream.Documents[0].RootNode);
    }

    public string Using => Scalar(Map(_root, "runs"), "using");

    public IReadOnlyDictionary<string, (bool Required, string Default)> Inputs =>
        Map(_root, "inputs").Children.ToDictionary(
            pair => ((YamlScalarNode)pair.Key).Value!,
            pair => (OptionalScalar((YamlMappingNode)pair.Value, "required") == "true", OptionalScalar((YamlMappingNode)pair.Value, "default") ?? string.Empty));

    public IReadOnlyDictionary<string, string> Outputs =>
        Map(_root, "outputs").Children.ToDictionary(pair => ((YamlScalarNode)pair.Key).Value!, pair => Scalar((YamlMappingNode)pair.Value, "value"));

    public IReadOnlyList<Step> Steps =>
        [.. ((YamlSequenceNode)Map(_root, "runs").Children[new YamlScalarNode("steps")]).Cast<YamlMappingNode>().Select(step => new Step(
            OptionalScalar(step, "id") ?? string.Empty,
            OptionalScalar(step, "shell") ?? string.Empty,
            step.Children.TryGetValue(new YamlScalarNode("env"), out var env)
                ? ((YamlMappingNode)env).Children.ToDictionary(p => ((YamlScalarNode)p.Key).Value!, p => ((YamlScalarNode)p.Value).Value ?? string.Empty)
                : new Dictionary<string, string>(),
            OptionalScalar(step, "run") ?? string.Empty))];

    /// <summary>
    /// The inputs as the runner hands them to the action: each given value, else the input's default; a
    /// required input left out fails the test, as it fails the workflow.
    /// </summary>
    public Dictionary<string, string> WithDefaults(IReadOnlyDictionary<string, string> given)
    {
        Assert.All(given.Keys, name => Assert.True(Inputs.ContainsKey(name), $"action.yml has no input '{name}'."));
        return Inputs.ToDictionary(
            input => input.Key,
            input => given.TryGetValue(input.Key, out var value) ? value : input.Value.Required ? throw new ArgumentException($"required input {input.Key} not given") : input.Value.Default);
    }

    /// <summary>Evaluates the expressions a composite action uses here; any other expression fails the test.</summary>
    public static string Evaluate(string text, IReadOnlyDictionary<string, string> inputs, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> stepOutputs) =>
        Expression().Replace(text, match =>
        {
            var path = match.Groups["path"].Value.Split('.');
            return path switch
            {
                ["inputs", var name] => inputs[name],
                ["steps", var id, "outputs", var name] => stepOutputs[id].TryGetValue(name, out var value) ? value : string.Empty,
                ["github", "action_path"] => RepoFiles.Root,
                _ => throw new InvalidOperationException($"The test does not evaluate ${{{{ {match.Groups["path"].Value} }}}}."),
            };
        });

    [GeneratedRegex(@"\$\{\{\s*(?<path>[A-Za-z0-9_.\-]+)\s*\}\}")]
    private static partial Regex Expression();

    private static YamlMappingNode Map(YamlMappingNode node, string key) => (YamlMappingNode)node.Children[new YamlScalarNode(key)];

    private static string Scalar(YamlMappingNode node, string key) => OptionalScalar(node, key) ?? throw new InvalidOperationException($"action.yml: {key} is missing.");

    private static string? OptionalScalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? ((YamlScalarNode)value).Value : null;
}
