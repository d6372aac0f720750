namespace ProtonCancelLambda.IntegrationTests.Infrastructure;

/// <summary>Finds the repository (the folder with ProtonCancelLambda.sln) and the shared/ folder beside it.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Shared => Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    public static string File(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(directory.FullName, "ProtonCancelLambda.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("ProtonCancelLambda.sln not found above " + AppContext.BaseDirectory);
    }
}
