namespace ProtonCancelLambda.IntegrationTests.Infrastructure;

/// <summary>
/// The Native AOT <c>bootstrap</c>, published once per test run and shared by every test that needs it.
/// CI publishes it itself (checking for AOT warnings) and passes it in through <c>BOOTSTRAP_PATH</c>.
/// A failed publish (or a missing BOOTSTRAP_PATH file) fails every test that asks, at once: it is not retried.
/// Without the Native AOT toolchain those tests are skipped, naming what is missing (failed under
/// REQUIRE_LOCAL_AWS=1, which CI sets).
/// </summary>
public sealed class PublishedBootstrap
{
    private readonly Lock _gate = new();
    private Task<string>? _path;

    public Task<string> GetPathAsync()
    {
        if (Environment.GetEnvironmentVariable("BOOTSTRAP_PATH") is not { Length: > 0 } && NativeAotToolchain.Missing() is { } missing)
        {
            LocalTools.SkipOrFail($"This test runs the Native AOT bootstrap, which cannot be published here: {missing}.");
        }

        lock (_gate)
        {
            return _path ??= LocateOrPublishAsync();
        }
    }

    private static async Task<string> LocateOrPublishAsync()
    {
        if (Environment.GetEnvironmentVariable("BOOTSTRAP_PATH") is { Length: > 0 } given)
        {
            Assert.True(File.Exists(given), $"BOOTSTRAP_PATH={given} does not exist.");
            return given;
        }

        var output = RepositoryPaths.File("artifacts", "test-bootstrap");
        var (exitCode, stdout, stderr) = await LocalTools.RunAsync(
            "dotnet",
            ["publish", RepositoryPaths.File("src", "ProtonCancelLambda"), "-c", "Release", "-o", output, "--nologo"],
            timeout: TimeSpan.FromMinutes(8));
        Assert.True(exitCode == 0, $"dotnet publish failed:\n{stdout}\n{stderr}");
        return Path.Combine(output, "bootstrap");
    }
}
