using System.Text.RegularExpressions;

namespace ProtonCancelLambda.Tests.Deployment;

/// <summary>
/// The Mermaid diagrams in the docs are well formed, so they render where the code is browsed: a diagram
/// type Mermaid knows, brackets and quotes that close on their line, every node or participant an edge or
/// message names declared, and every block (<c>alt</c>, <c>loop</c>, ...) ended. Checked by reading, so it
/// runs anywhere; CI also parses them with Mermaid itself (.ci/check-mermaid.sh, node and npm).
/// </summary>
public sealed partial class MermaidDiagramsTests
{
    public static TheoryData<string, int> Diagrams()
    {
        var diagrams = new TheoryData<string, int>();
        foreach (var file in DocTables.Files)
        {
            var blocks = MermaidBlock().Matches(File.ReadAllText(file));
            for (var i = 0; i < blocks.Count; i++)
            {
                diagrams.Add(Path.GetRelativePath(RepoFiles.Root, file), i);
            }
        }

        return diagrams;
    }

    [Fact]
    public void TheReadme_HasTheArchitectureAndTheSequenceOfOneRequest()
    {
        var kinds = MermaidBlock().Matches(RepoFiles.Read("README.md")).Select(m => Lines(m)[0].Split(' ')[0]).ToList();

        Assert.Equal(["flowchart", "sequenceDiagram"], kinds);
    }

    [Theory]
    [MemberData(nameof(Diagrams))]
    public void EachDiagram_IsWellFormed(string file, int index)
    {
        var lines = Lines(MermaidBlock().Matches(RepoFiles.Read(file))[index]);

        Assert.All(lines, line => Assert.True(Balanced(line), $"{file}, diagram {index}: unbalanced brackets or quotes in '{line}'"));
        var problems = lines[0] switch
        {
            var first when FlowchartHeader().IsMatch(first) => FlowchartProblems(lines.Skip(1)),
            "sequenceDiagram" => SequenceProblems(lines.Skip(1)),
            var first => [$"'{first}' is not a diagram type these docs use (flowchart DIRECTION, sequenceDiagram)"],
        };
        Assert.True(problems.Count == 0, $"{file}, diagram {index}:\n{string.Join('\n', problems)}");
    }

    [Theory]
    [InlineData("flowchart LR\n    a[\"A\"]\n    a --> b", "'b' is used but never declared")]
    [InlineData("sequenceDiagram\n    participant A as a\n    A->>B: hi", "'B' is used but never declared")]
    [InlineData("sequenceDiagram\n    participant A as a\n    loop forever\n    A->>A: hi", "1 block(s) not ended")]
    [InlineData("gantt\n    title x", "not a diagram type")]
    public void TheChecks_FindWhatTheyLookFor(string diagram, string problem)
    {
        var lines = diagram.Split('\n').Select(l => l.Trim()).ToList();
        var problems = lines[0] switch
        {
            var first when FlowchartHeader().IsMatch(first) => FlowchartProblems(lines.Skip(1)),
            "sequenceDiagram" => SequenceProblems(lines.Skip(1)),
            _ => ["not a diagram type"],
        };

        Assert.Contains(problems, p => p.Contains(problem, StringComparison.Ordinal));
    }

    private static List<string> FlowchartProblems(IEnumerable<string> lines)
    {
        var declared = new HashSet<string>(StringComparer.Ordinal);
        var used = new List<string>();
        foreach (var line in lines.Where(l => l.Length > 0 && !l.StartsWith("%%", StringComparison.Ordinal)))
        {
            // Labels and node texts may hold anything; strip them before looking for ids.
            var bare = Quoted().Replace(line, "\"\"");
            foreach (Match node in FlowchartNode().Matches(bare))
            {
                declared.Add(node.Groups["id"].Value);
            }

            var ends = FlowchartEdge().Match(bare);
            if (ends.Success)
            {
                used.Add(ends.Groups["from"].Value);
                used.Add(ends.Groups["to"].Value);
            }
            else if (!FlowchartNode().IsMatch(bare))
            {
                used.Add($"(unreadable line: {line})");
            }
        }

        return [.. used.Distinct().Where(id => !declared.Contains(id)).Select(id => $"'{id}' is used but never declared")];
    }

    private static List<string> SequenceProblems(IEnumerable<string> lines)
    {
        var declared = new HashSet<string>(StringComparer.Ordinal);
        var problems = new List<string>();
        var open = 0;
        foreach (var line in lines.Where(l => l.Length > 0 && !l.StartsWith("%%", StringComparison.Ordinal)))
        {
            var word = line.Split(' ')[0];
            if (Participant().Match(line) is { Success: true } participant)
            {
                declared.Add(participant.Groups["id"].Value);
            }
            else if (word is "alt" or "opt" or "loop" or "par" or "critical" or "break" or "rect")
            {
                open++;
            }
            else if (word == "end")
            {
                open--;
            }
            else if (word is "else" or "and" or "autonumber" or "activate" or "deactivate")
            {
                // Parts of a block, or switches; they name no one new.
            }
            else if (Note().Match(line) is { Success: true } note)
            {
                problems.AddRange(note.Groups["ids"].Value.Split(',').Select(id => id.Trim()).Where(id => !declared.Contains(id)).Select(id => $"'{id}' is used but never declared"));
            }
            else if (Message().Match(line) is { Success: true } message)
            {
                problems.AddRange(new[] { message.Groups["from"].Value, message.Groups["to"].Value }.Where(id => !declared.Contains(id)).Select(id => $"'{id}' is used but never declared"));
            }
            else
            {
                problems.Add($"unreadable line: {line}");
            }
        }

        if (open != 0)
        {
            problems.Add($"{open} block(s) not ended");
        }

        return problems;
    }

    private static bool Balanced(string line)
    {
        if (line.Count(c => c == '"') % 2 != 0)
        {
            return false;
        }

        var stack = new Stack<char>();
        foreach (var c in Quoted().Replace(line, "\"\""))
        {
            if (c is '(' or '[' or '{')
            {
                stack.Push(c);
            }
            else if (c is ')' or ']' or '}')
            {
                if (stack.Count == 0 || stack.Pop() != c switch { ')' => '(', ']' => '[', _ => '{' })
                {
                    return false;
                }
            }
        }

        return stack.Count == 0;
    }

    private static List<string> Lines(Match block) =>
        [.. block.Groups["body"].Value.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0)];

    [GeneratedRegex(@"```mermaid\n(?<body>.*?)```", RegexOptions.Singleline)]
    private static partial Regex MermaidBlock();

    [GeneratedRegex(@"^(flowchart|graph) (LR|RL|TB|TD|BT)$")]
    private static partial Regex FlowchartHeader();

    [GeneratedRegex("\"[^\"]*\"")]
    private static partial Regex Quoted();

    // A node with its shape: id["text"], id("text"), id[["text"]], id[("text")], id{{"text"}}, ...
    [GeneratedRegex(@"(?<![\w-])(?<id>[A-Za-z][\w]*)(\[|\(|\{|>)")]
    private static partial Regex FlowchartNode();

    // An edge, with or without a label: a --> b, a -- "x" --> b, a -. "x" .-> b, a ==> b.
    [GeneratedRegex(@"^(?<from>[A-Za-z]\w*)\s*(-->|---|==>|-\.->|(--|-\.|==)\s*""""\s*(-->|\.->|==>))\s*(\|""""\|\s*)?(?<to>[A-Za-z]\w*)$")]
    private static partial Regex FlowchartEdge();

    [GeneratedRegex(@"^(participant|actor) (?<id>\w+)( as .+)?$")]
    private static partial Regex Participant();

    [GeneratedRegex(@"^Note (over|left of|right of) (?<ids>[\w, ]+):")]
    private static partial Regex Note();

    [GeneratedRegex(@"^(?<from>\w+)\s*(->>|-->>|->|-->|-x|--x|-\)|--\))\s*[+-]?(?<to>\w+)\s*:")]
    private static partial Regex Message();
}
