namespace ProtonCancelLambda.Testing;

/// <summary>Where a command-line tool is on PATH, as a shell would find it.</summary>
public static class ToolPath
{
    public static string? Find(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, tool))
            .FirstOrDefault(File.Exists);
}
