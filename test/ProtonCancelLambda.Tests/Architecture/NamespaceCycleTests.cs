using System.Text.RegularExpressions;
using ProtonCancelLambda.Tests.Deployment;

namespace ProtonCancelLambda.Tests.Architecture;

/// <summary>
/// The top-level namespaces of the function (Aws, Workflow, Handling, ...) and of the local tools (Simulator, Sns,
/// Sqs, EventSource, ...) depend on each other one way only: a cycle means a type sits on the wrong side (as
/// IInvocationHandler once did in Bootstrap, used by Handling). Read from the source: a file's namespace depends on
/// the namespaces it imports with <c>using</c> or names in full; names outside the project's root are ignored.
/// </summary>
public sealed partial class NamespaceCycleTests
{
    [Theory]
    [InlineData("ProtonCancelLambda")]
    [InlineData("ProtonCancelLambda.Local")]
    public void ProjectNamespaces_HaveNoCycle(string root)
    {
        var edges = Edges(RepoFiles.PathOf("src", root), root);

        var cycle = FindCycle(edges);

        Assert.NotEmpty(edges);
        Assert.True(cycle is null, $"Namespace cycle: {Describe(cycle, edges)}");
    }

    [Fact]
    public void FindCycle_FindsOne_AndOnlyWhereThereIsOne()
    {
        var chain = new Dictionary<(string, string), List<string>> { [("Handling", "Workflow")] = [], [("Workflow", "Aws")] = [] };
        var looped = new Dictionary<(string, string), List<string>>(chain) { [("Aws", "Handling")] = [] };

        Assert.Null(FindCycle(chain));
        Assert.Equal(["Aws", "Handling", "Workflow", "Aws"], FindCycle(looped));
    }

    /// <summary>Edges between top-level namespaces, each with the files that make it.</summary>
    private static Dictionary<(string From, string To), List<string>> Edges(string folder, string root)
    {
        var edges = new Dictionary<(string, string), List<string>>();
        var files = Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
        foreach (var path in files)
        {
            // Strings first, so a URL's // is not taken for a comment.
            var code = Comment().Replace(StringLiteral().Replace(File.ReadAllText(path), "\"\""), string.Empty);
            var from = TopLevel(FileNamespace().Match(code) is { Success: true } declared ? declared.Groups[1].Value : root, root) ?? root;
            var used = UsingDirective().Matches(code).Select(m => m.Groups[1].Value)
                .Concat(QualifiedName().Matches(code).Select(m => m.Groups[1].Value));
            foreach (var to in used.Select(name => TopLevel(name, root)).OfType<string>().Where(to => to != from && to != root).Distinct())
            {
                if (!edges.TryGetValue((from, to), out var why))
                {
                    edges[(from, to)] = why = [];
                }

                why.Add(Path.GetRelativePath(folder, path));
            }
        }

        return edges;
    }

    /// <summary>
    /// Under root <c>ProtonCancelLambda</c>, <c>ProtonCancelLambda.Aws.Proton</c> → <c>Aws</c>; the root stays itself;
    /// a name outside the root (the function's, seen from the local tools) is null.
    /// </summary>
    private static string? TopLevel(string name, string root) =>
        name == root ? root
        : name.StartsWith(root + ".", StringComparison.Ordinal) ? name[(root.Length + 1)..].Split('.')[0]
        : null;

    /// <summary>A path that comes back to its start (first node repeated at the end), or null.</summary>
    private static List<string>? FindCycle(Dictionary<(string From, string To), List<string>> edges)
    {
        var next = edges.Keys.GroupBy(e => e.From).ToDictionary(g => g.Key, g => g.Select(e => e.To).Order(StringComparer.Ordinal).ToList());
        var done = new HashSet<string>();
        foreach (var start in next.Keys.Order(StringComparer.Ordinal))
        {
            if (Visit(start, []) is { } cycle)
            {
                return cycle;
            }
        }

        return null;

        List<string>? Visit(string node, List<string> path)
        {
            if (path.IndexOf(node) is var seen and >= 0)
            {
                return [.. path[seen..], node];
            }

            if (!done.Add(node))
            {
                return null;
            }

            path.Add(node);
            foreach (var to in next.GetValueOrDefault(node) ?? [])
            {
                if (Visit(to, path) is { } cycle)
                {
                    return cycle;
                }
            }

            path.RemoveAt(path.Count - 1);
            return null;
        }
    }

    private static string Describe(List<string>? cycle, Dictionary<(string From, string To), List<string>> edges) =>
        cycle is null
            ? string.Empty
            : string.Join("; ", cycle.Zip(cycle.Skip(1), (from, to) => $"{from} -> {to} ({string.Join(", ", edges[(from, to)])})"));

    [GeneratedRegex(@"//[^\n]*|/\*.*?\*/", RegexOptions.Singleline)]
    private static partial Regex Comment();

    [GeneratedRegex(@"^namespace\s+([\w.]+)\s*;", RegexOptions.Multiline)]
    private static partial Regex FileNamespace();

    [GeneratedRegex(@"^\s*using\s+(?:static\s+)?(?:\w+\s*=\s*)?(ProtonCancelLambda(?:\.\w+)*)\s*;", RegexOptions.Multiline)]
    private static partial Regex UsingDirective();

    /// <summary>A name written out in full, such as <c>Requests.RequestParser</c> after <c>ProtonCancelLambda.</c>.</summary>
    [GeneratedRegex(@"(?<![\w.])(ProtonCancelLambda(?:\.\w+)+)\.")]
    private static partial Regex QualifiedName();

    [GeneratedRegex(@"@?\$?""(?:[^""\\\n]|\\.)*""")]
    private static partial Regex StringLiteral();
}
