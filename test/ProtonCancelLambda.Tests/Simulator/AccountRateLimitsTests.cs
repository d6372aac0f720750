using Microsoft.Extensions.Time.Testing;
using ProtonCancelLambda.Local.Simulator.RateLimits;
using ProtonCancelLambda.Local.Simulator.Scenario;

namespace ProtonCancelLambda.Tests.Simulator;

public class AccountRateLimitsTests
{
    private static readonly Dictionary<string, ScenarioRateLimit> GetTenCancelFive = new()
    {
        ["GetEnvironment"] = new ScenarioRateLimit { PerSecond = 10, Burst = 10 },
        ["CancelEnvironmentDeployment"] = new ScenarioRateLimit { PerSecond = 5, Burst = 2 },
    };

    [Fact]
    public void Admit_BurstThenRate_ThrottlesBeyondTheBucket()
    {
        var clock = new FakeTimeProvider();
        var limits = new AccountRateLimits(GetTenCancelFive, clock);

        Assert.Equal(10, Admitted(limits, "GetEnvironment", 15));

        clock.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(1, Admitted(limits, "GetEnvironment", 5));

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(10, Admitted(limits, "GetEnvironment", 15));
    }

    [Fact]
    public void Admit_RefillNeverExceedsTheBurst()
    {
        var clock = new FakeTimeProvider();
        var limits = new AccountRateLimits(GetTenCancelFive, clock);

        clock.Advance(TimeSpan.FromMinutes(10));

        Assert.Equal(2, Admitted(limits, "CancelEnvironmentDeployment", 10));
    }

    [Fact]
    public void Admit_OverTenSeconds_AdmitsBurstPlusRateTimesTime()
    {
        var clock = new FakeTimeProvider();
        var limits = new AccountRateLimits(GetTenCancelFive, clock);
        var admitted = 0;
        for (var tick = 0; tick < 1000; tick++)
        {
            admitted += Admitted(limits, "CancelEnvironmentDeployment", 3);
            clock.Advance(TimeSpan.FromMilliseconds(10));
        }

        // 2 at once, then 5 a second for the 9.99 s the loop advanced.
        Assert.InRange(admitted, 2 + 49, 2 + 50);
    }

    [Fact]
    public void Admit_OperationsHaveTheirOwnBuckets_AndUnnamedOnesAreUnlimited()
    {
        var limits = new AccountRateLimits(GetTenCancelFive, new FakeTimeProvider());

        Assert.Equal(10, Admitted(limits, "GetEnvironment", 20));
        Assert.Equal(2, Admitted(limits, "CancelEnvironmentDeployment", 20));
        Assert.Equal(500, Admitted(limits, "UpdateEnvironment", 500));
    }

    [Fact]
    public void Admit_WithoutRateLimits_AdmitsEverything()
    {
        var limits = new AccountRateLimits(null, new FakeTimeProvider());

        Assert.Equal(1000, Admitted(limits, "GetEnvironment", 1000));
    }

    [Theory]
    [InlineData("""{"environments":[],"rateLimits":{"DeleteEnvironment":{"perSecond":1,"burst":1}}}""", "rateLimits.DeleteEnvironment")]
    [InlineData("""{"environments":[],"rateLimits":{"GetEnvironment":{"perSecond":0,"burst":1}}}""", "perSecond must be above 0")]
    [InlineData("""{"environments":[],"rateLimits":{"GetEnvironment":{"perSecond":1,"burst":0.5}}}""", "burst must be at least 1")]
    [InlineData("""{"environments":[],"rateLimits":{"GetEnvironment":{"perSecond":1,"bucket":3}}}""", "bucket")]
    public void Parse_BadRateLimit_NamesTheProblem(string json, string expected)
    {
        var error = Assert.Throws<ScenarioException>(() => ScenarioFile.Parse(json));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RateLimits_ReadsEachOperation()
    {
        var scenario = ScenarioFile.Parse("""{"environments":[],"rateLimits":{"GetEnvironment":{"perSecond":10,"burst":10},"CancelEnvironmentDeployment":{"perSecond":5,"burst":5}}}""");

        Assert.Equal(10, scenario.RateLimits!["GetEnvironment"].PerSecond);
        Assert.Equal(5, scenario.RateLimits["CancelEnvironmentDeployment"].Burst);
    }

    private static int Admitted(AccountRateLimits limits, string operation, int calls) =>
        Enumerable.Range(0, calls).Count(_ => limits.Admit(operation));
}
