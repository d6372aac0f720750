using System.Text.RegularExpressions;

namespace ProtonCancelLambda.Tests.Deployment;

/// <summary>
/// Relative links in the docs point at files that exist, read from the file that holds the link (a link
/// that works from docs/ breaks when the text moves to the root, and the other way round).
/// </summary>
public sealed partial class DocsLinksTests
{
    public static TheoryData<string> MarkdownFiles()
    {
        var files = new TheoryData<string>();
        foreach (var path in Directory.EnumerateFiles(RepoFiles.Root, "*.md").Concat(Directory.EnumerateFiles(RepoFiles.PathOf("docs"), "*.md")))
        {
            files.Add(Path.GetRelativePath(RepoFiles.Root, path));
        }

        return files;
    }

    [Theory]
    [MemberData(nameof(MarkdownFiles))]
    public void RelativeLinks_PointAtExistingFiles(string file)
    {
        var path = RepoFiles.PathOf(file);
        var folder = Path.GetDirectoryName(path)!;
        var broken = LinkTarget().Matches(File.ReadAllText(path))
            .Select(match => match.Groups["target"].Value)
            .Where(target => !target.Contains("://", StringComparison.Ordinal) && !target.StartsWith('#'))
            .Select(target => target.Split('#')[0])
            .Where(target => !File.Exists(Path.Combine(folder, target)) && !Directory.Exists(Path.Combine(folder, target)))
            .ToList();

        Assert.Empty(broken);
    }

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)\)")]
    private static partial Regex LinkTarget();
}
