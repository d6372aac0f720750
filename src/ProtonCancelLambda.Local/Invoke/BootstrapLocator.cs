using System.Diagnostics;

namespace ProtonCancelLambda.Local.Invoke;

/// <summary>
/// Finds the published Native AOT <c>bootstrap</c> for <c>invoke --aot</c>: BOOTSTRAP_PATH, else
/// artifacts/publish/bootstrap in the repository, published first when it is not there yet.
/// </summary>
internal static class BootstrapLocator
{
    public static async Task<string> LocateAsync(TextWriter progress, CancellationToken cancellationToken)
    {
        if (Environment.GetEnvironmentVariable("BOOTSTRAP_PATH") is { Length: > 0 } given)
        {
            return File.Exists(given) ? given : throw new FileNotFoundException($"BOOTSTRAP_PATH={given} does not exist.");
        }

        var root = RepositoryRoot.Above(Directory.GetCurrentDirectory()) ?? throw new DirectoryNotFoundException("Run invoke --aot inside the repository (or set BOOTSTRAP_PATH).");
        var output = Path.Combine(root, "artifacts", "publish");
        var bootstrap = Path.Combine(output, "bootstrap");
        if (File.Exists(bootstrap))
        {
            return bootstrap;
        }

        await progress.WriteLineAsync($"publishing the AOT function to {output} (once; about a minute)...").ConfigureAwait(false);
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true };
        foreach (var argument in new[] { "publish", Path.Combine(root, "src", "ProtonCancelLambda"), "-c", "Release", "-o", output, "--nologo" })
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start dotnet publish.");
        var log = await process.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (process.ExitCode != 0 || !File.Exists(bootstrap))
        {
            throw new InvalidOperationException("dotnet publish failed:\n" + log);
        }

        return bootstrap;
    }
}
