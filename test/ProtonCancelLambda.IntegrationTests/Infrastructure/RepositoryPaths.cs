namespace ProtonCancelLambda.IntegrationTests.Infrastructure;

/// <summary>Paths relative to the repository root; nothing outside the clone is ever read.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string File(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>An official service model kept in the repository (AwsModels/, with its notice).</summary>
    public static string AwsModel(string service) =>
        RequireFile(File("test", "ProtonCancelLambda.IntegrationTests", "AwsModels", service, "service-2.json"));

    /// <summary>The Local tools' dll as built for the same configuration as the tests.</summary>
    public static string LocalToolsDll()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent?.Name ?? "Debug";
        var built = Path.Combine(Root, "src", "ProtonCancelLambda.Local", "bin", configuration, "net10.0", "ProtonCancelLambda.Local.dll");
        return System.IO.File.Exists(built) ? built : RequireFile(Path.Combine(AppContext.BaseDirectory, "ProtonCancelLambda.Local.dll"));
    }

    private static string RequireFile(string path) =>
        System.IO.File.Exists(path) ? path : throw new FileNotFoundException($"Expected {path}; see README for the repository layout.", path);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(directory.FullName, "ProtonCancelLambda.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No ProtonCancelLambda.sln above {AppContext.BaseDirectory}.");
    }
}
