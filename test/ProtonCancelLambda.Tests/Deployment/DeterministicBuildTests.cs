using ProtonCancelLambda.Configuration;

namespace ProtonCancelLambda.Tests.Deployment;

/// <summary>
/// Directory.Build.props maps the clone's folder to <c>./</c> in every PDB, so a stack trace (the function's
/// error responses carry one) shows repository-relative paths, never the build machine's.
/// </summary>
public sealed class DeterministicBuildTests
{
    [Fact]
    public void AStackTraceFromTheFunction_ShowsRepositoryRelativePaths()
    {
        var exception = Assert.Throws<SettingsException>(() => SettingsReader.Read(new DictionaryEnvironmentVariables(new Dictionary<string, string>())));

        Assert.True(exception.StackTrace!.Contains("in ./src/ProtonCancelLambda/Configuration/SettingsReader.cs:line ", StringComparison.Ordinal), exception.StackTrace);
        Assert.DoesNotContain(RepoFiles.Root, exception.StackTrace, StringComparison.Ordinal);
    }
}
