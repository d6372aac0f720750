using System.Text.RegularExpressions;
using ProtonCancelLambda.Tests.Deployment;

namespace ProtonCancelLambda.Tests.Architecture;

/// <summary>
/// The function's top-level namespaces (Aws, Workflow, Handling, ...) depend on each other one way only: a cycle
/// means a type sits on the wrong side (as IInvocationHandler once did in Bootstrap, used by Handling). Read from
/// the source: a file's namespace depends on the namespaces it imports with <c>using</c> or names in full.
/// </summary>
public sealed partial class NamespaceCycleTests
{
    private const string Root = "ProtonCancelLambda";

    [Fact]
    public void FunctionNamespaces_HaveNoCycle()
    {
        var edges = Edges(RepoFiles.PathOf("src", Root));

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
    private static Dictionary<(string From, string To), List<string>> Edges(string folder)
    {
        var edges = new Dictionary<(string, string), List<string>>();
        var files = Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
        foreach (var path in files)
        {
            // Strings first, so a URL's // is not taken for a comment.
            var code = Comment().Replace(StringLiteral().Replace(File.ReadAllText(path), "\"\""), string.Empty);
            var from = TopLevel(FileNamespace().Match(code) is { Success: true } declared ? declared.Groups[1].Value : Root);
            var used = UsingDirective().Matches(code).Select(m => m.Groups[1].Value)
                .Concat(QualifiedName().Matches(code).Select(m => m.Groups[1].Value));
            foreach (var to in used.Select(TopLevel).Where(to => to != from && to != Root).Distinct())
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

    /// <summary><c>ProtonCancelLambda.Aws.Proton</c> → <c>Aws</c>; the root namespace stays itself.</summary>
    private static string TopLevel(string name)
    {
        var parts = name.Split('.');
        return parts.Length > 1 ? parts[1] : Root;
    }

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
    [GeneratedRegex(@"(?<![\w.])(ProtonCancelLambda\.\w+)\.")]
    private static partial Regex QualifiedName();

    [GeneratedRegex(@"@?\$?""(?:[^""\\\n]|\\.)*""")]
    private static partial Regex StringLiteral();
}
