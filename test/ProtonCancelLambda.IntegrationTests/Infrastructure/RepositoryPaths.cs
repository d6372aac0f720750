namespace ProtonCancelLambda.IntegrationTests.Infrastructure;

/// <summary>Files of the repository only the integration tests need (see <see cref="RepoFiles"/> for the root); nothing outside the clone is ever read.</summary>
public static class RepositoryPaths
{
    /// <summary>An official service model kept in the repository (AwsModels/, with its notice).</summary>
    public static string AwsModel(string service) =>
        RequireFile(RepoFiles.PathOf("test", "ProtonCancelLambda.IntegrationTests", "AwsModels", service, "service-2.json"));

    /// <summary>The Local tools' dll as built for the same configuration as the tests.</summary>
    public static string LocalToolsDll()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent?.Name ?? "Debug";
        var built = RepoFiles.PathOf("src", "ProtonCancelLambda.Local", "bin", configuration, "net10.0", "ProtonCancelLambda.Local.dll");
        return File.Exists(built) ? built : RequireFile(Path.Combine(AppContext.BaseDirectory, "ProtonCancelLambda.Local.dll"));
    }

    private static string RequireFile(string path) =>
        File.Exists(path) ? path : throw new FileNotFoundException($"Expected {path}; see CONTRIBUTING.md for the repository layout.", path);
}
