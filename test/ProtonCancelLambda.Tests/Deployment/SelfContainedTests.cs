namespace ProtonCancelLambda.Tests.Deployment;

/// <summary>
/// A clone needs nothing beside it: no file of the repository points at a folder next to the clone or at
/// design notes that are not part of it.
/// </summary>
public sealed class SelfContainedTests
{
    // Spelled in pieces so that this file does not match itself.
    private static readonly string[] OutsideReferences = ["../" + "shared", "\"..\", \"" + "shared\"", "DESIGN" + ".md", "FACTS" + ".md", "STYLE" + ".md"];

    private static readonly string[] SkippedFolders = ["bin", "obj", "artifacts", ".git", "TestResults", "BenchmarkDotNet.Artifacts"];

    private static readonly string[] TextExtensions = [".cs", ".csproj", ".props", ".md", ".sh", ".py", ".yaml", ".yml", ".json", ".toml", ".sln", ".txt", ""];

    [Fact]
    public void NoFile_RefersToAnythingOutsideTheRepository()
    {
        var files = Files(new DirectoryInfo(RepoFiles.Root)).ToList();
        var hits = files
            .SelectMany(file => File.ReadLines(file.FullName).Select((line, index) => (file, line, index)))
            .Where(hit => OutsideReferences.Any(reference => hit.line.Contains(reference, StringComparison.OrdinalIgnoreCase)))
            .Select(hit => $"{Path.GetRelativePath(RepoFiles.Root, hit.file.FullName)}:{hit.index + 1}: {hit.line.Trim()}")
            .ToList();

        Assert.Contains(files, file => file.Name == "README.md");
        Assert.True(hits.Count == 0, string.Join('\n', hits));
    }

    private static IEnumerable<FileInfo> Files(DirectoryInfo directory)
    {
        foreach (var file in directory.EnumerateFiles().Where(f => TextExtensions.Contains(f.Extension, StringComparer.OrdinalIgnoreCase)))
        {
            yield return file;
        }

        foreach (var child in directory.EnumerateDirectories().Where(d => !SkippedFolders.Contains(d.Name, StringComparer.Ordinal)))
        {
            foreach (var file in Files(child))
            {
                yield return file;
            }
        }
    }
}
