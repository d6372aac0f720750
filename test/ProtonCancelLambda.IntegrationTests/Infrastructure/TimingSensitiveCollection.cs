namespace ProtonCancelLambda.IntegrationTests.Infrastructure;

/// <summary>
/// Tests whose clock runs many times faster than real time (<c>invoke --follow --speed 60</c> makes the
/// 10 s attempt timeout 170 ms of real time). They run alone, after the parallel tests, so that the test
/// run's own neighbours cannot starve them into timeouts; the evidence collection runs alone as well.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingSensitiveCollection
{
    public const string Name = "Timing-sensitive";
}
