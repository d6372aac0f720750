using ProtonCancelLambda.IntegrationTests.Infrastructure;

namespace ProtonCancelLambda.IntegrationTests.Evidence;

/// <summary>
/// The evidence runs share the assembly's moto_server and run one after another: each drives the AOT function hard,
/// and on a small machine two of them side by side would mostly measure each other. Nor do they run beside
/// any other test: xunit runs a collection that disables parallelization after every parallel one has
/// finished, so the tests with deadlines and timeouts never compete with them for the CPU.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EvidenceCollection : ICollectionFixture<EvidenceOutput>
{
    public const string Name = "Evidence";
}

/// <summary>
/// Clears artifacts/evidence when the evidence tests start, so <c>.ci/evidence.sh</c> never mistakes an
/// earlier run's summaries for this one's: a scenario that died before writing its summary shows as missing.
/// </summary>
public sealed class EvidenceOutput
{
    public EvidenceOutput()
    {
        foreach (var file in Directory.EnumerateFiles(EvidenceSummary.Directory))
        {
            File.Delete(file);
        }
    }
}

/// <summary>
/// EVIDENCE_SCALE multiplies the request counts (1, the default, is the CI size: 20 requests per fault
/// scenario, 100 for load; <c>bench/fault-matrix.sh</c> runs 5: 100 and 500).
/// </summary>
public static class EvidenceScale
{
    public static int Factor { get; } =
        int.TryParse(Environment.GetEnvironmentVariable("EVIDENCE_SCALE"), out var factor) && factor is >= 1 and <= 100 ? factor : 1;
}
