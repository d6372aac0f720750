namespace ProtonCancelLambda.IntegrationTests.Infrastructure;

/// <summary>
/// The Native AOT <c>bootstrap</c> of each architecture, published once per test run and shared by every test that
/// needs it. CI publishes them itself (checking for AOT warnings) and passes them in through
/// <see cref="FunctionArchitecture.PathVariable"/>. A failed publish (or a missing file) fails every test that asks,
/// at once: it is not retried.
/// Without the toolchain to publish one (see <see cref="NativeAotToolchain"/>, <see cref="Arm64Emulation"/>) those
/// tests are skipped, naming what is missing (failed under REQUIRE_LOCAL_AWS=1, which CI sets).
/// </summary>
public sealed class PublishedBootstrap
{
    private readonly Lock _gate = new();
    private readonly Dictionary<FunctionArchitecture, Task<string>> _paths = [];

    // Two publishes of one project at once would restore into the same obj/ folder together.
    private readonly SemaphoreSlim _publishing = new(1, 1);

    /// <summary>The x86_64 bootstrap.</summary>
    public Task<string> GetPathAsync() => GetPathAsync(FunctionArchitecture.X64);

    public Task<string> GetPathAsync(FunctionArchitecture architecture)
    {
        var given = Environment.GetEnvironmentVariable(architecture.PathVariable);
        if (string.IsNullOrEmpty(given))
        {
            // Checked for each test, outside the shared task, so each one skips (or fails) with the reason.
            if (architecture == FunctionArchitecture.Arm64)
            {
                Arm64Emulation.RequireCrossToolchain();
            }
            else if (NativeAotToolchain.Missing() is { } missing)
            {
                LocalTools.Unavailable($"This test runs the Native AOT bootstrap, which cannot be published here: {missing}.");
            }
        }

        lock (_gate)
        {
            if (!_paths.TryGetValue(architecture, out var path))
            {
                path = LocateOrPublishAsync(architecture, given);
                _paths[architecture] = path;
            }

            return path;
        }
    }

    private async Task<string> LocateOrPublishAsync(FunctionArchitecture architecture, string? given)
    {
        if (!string.IsNullOrEmpty(given))
        {
            Assert.True(File.Exists(given), $"{architecture.PathVariable}={given} does not exist.");
            return given;
        }

        var output = RepoFiles.PathOf("artifacts", $"test-bootstrap-{architecture.Name}");
        await _publishing.WaitAsync();
        try
        {
            var (exitCode, stdout, stderr) = await LocalTools.RunAsync(
                "dotnet",
                ["publish", RepoFiles.PathOf("src", "ProtonCancelLambda"), "-c", "Release", "-r", architecture.RuntimeIdentifier, "-o", output, "--nologo"],
                timeout: TimeSpan.FromMinutes(8));
            Assert.True(exitCode == 0, $"dotnet publish -r {architecture.RuntimeIdentifier} failed:\n{stdout}\n{stderr}");
            return Path.Combine(output, "bootstrap");
        }
        finally
        {
            _publishing.Release();
        }
    }
}
