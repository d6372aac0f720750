namespace ProtonCancelLambda.Local.Invoke;

/// <summary>
/// The clone's root: the nearest folder at or above a start folder that holds ProtonCancelLambda.sln. One walk
/// for <c>invoke --aot</c> (from the caller's folder) and the tests and benchmarks (from their output folder).
/// </summary>
public static class RepositoryRoot
{
    private const string SolutionFile = "ProtonCancelLambda.sln";

    /// <summary>The root above <paramref name="start"/>, or null when <paramref name="start"/> is outside a clone.</summary>
    public static string? Above(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, SolutionFile)))
            {
                return directory.FullName;
            }
        }

        return null;
    }
}
