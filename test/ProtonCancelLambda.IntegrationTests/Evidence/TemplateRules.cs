using System.Globalization;
using System.Text.RegularExpressions;
using ProtonCancelLambda.IntegrationTests.Infrastructure;

namespace ProtonCancelLambda.IntegrationTests.Evidence;

/// <summary>
/// The rules template.yaml gives the event source, read from the template itself so the rig follows what is
/// deployed: the function's <c>RecursiveLoop</c> (Lambda's default is <c>Terminate</c>) and the request queue's
/// <c>maxReceiveCount</c>. A plain line scan of the two resources: the template's layout is ours and fixed.
/// </summary>
public sealed record TemplateRules(string RecursiveLoop, int MaxReceiveCount)
{
    public static TemplateRules FromTemplate() => Parse(File.ReadAllLines(RepoFiles.PathOf("template.yaml")));

    public bool AllowsRecursion => RecursiveLoop == "Allow";

    public static TemplateRules Parse(IReadOnlyList<string> lines)
    {
        var function = Resource(lines, "ProtonCancelFunction");
        var queue = Resource(lines, "RequestQueue");
        var recursiveLoop = Value(function, "RecursiveLoop") ?? "Terminate";
        var maxReceiveCount = Value(queue, "maxReceiveCount") ?? throw new InvalidDataException("template.yaml: RequestQueue has no maxReceiveCount.");
        return new TemplateRules(recursiveLoop, int.Parse(maxReceiveCount, CultureInfo.InvariantCulture));
    }

    /// <summary>The lines of one resource: from <c>  NAME:</c> to the next line indented by two spaces.</summary>
    private static List<string> Resource(IReadOnlyList<string> lines, string name)
    {
        var start = lines.ToList().FindIndex(line => line == $"  {name}:");
        if (start < 0)
        {
            throw new InvalidDataException($"template.yaml has no resource {name}.");
        }

        return lines.Skip(start + 1).TakeWhile(line => line.Length == 0 || line.StartsWith("   ", StringComparison.Ordinal) || line.TrimStart().StartsWith('#')).ToList();
    }

    private static string? Value(List<string> resource, string key) =>
        resource.Select(line => Regex.Match(line, $@"^\s+{key}:\s*([A-Za-z0-9]+)\s*(#.*)?$")).FirstOrDefault(m => m.Success)?.Groups[1].Value;
}
