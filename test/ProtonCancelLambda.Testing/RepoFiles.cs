using ProtonCancelLambda.Local.Invoke;

namespace ProtonCancelLambda.Testing;

/// <summary>Finds the repository's own files from a test's (or benchmark's) output folder, wherever the clone lives.</summary>
public static class RepoFiles
{
    public static string Root { get; } = RepositoryRoot.Above(AppContext.BaseDirectory)
        ?? throw new DirectoryNotFoundException($"No folder above {AppContext.BaseDirectory} holds ProtonCancelLambda.sln.");

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    public static string Read(params string[] parts) => File.ReadAllText(PathOf(parts));
}
