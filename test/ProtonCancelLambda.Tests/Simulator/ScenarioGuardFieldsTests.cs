using Microsoft.Extensions.Time.Testing;
using ProtonCancelLambda.Local.Simulator.Environments;
using ProtonCancelLambda.Local.Simulator.Protocol;
using ProtonCancelLambda.Local.Simulator.Scenario;
using ProtonCancelLambda.Tests.Deployment;

namespace ProtonCancelLambda.Tests.Simulator;

/// <summary>The scenario fields for when a deployment started and for a cancel Proton refuses.</summary>
public class ScenarioGuardFieldsTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero));

    [Fact]
    public void LastDeploymentAttemptedAt_IsWhatGetEnvironmentAndTheCancelReport()
    {
        var scenario = ScenarioFile.Parse("""{"environments":[{"name":"e1","lastDeploymentAttemptedAt":"2026-11-24T09:55:00Z"}]}""");
        var store = new EnvironmentStore(scenario, _clock.GetUtcNow());

        var expected = new DateTimeOffset(2026, 11, 24, 9, 55, 0, TimeSpan.Zero);
        Assert.Equal(expected, store.With("e1", e => e.Get(_clock.GetUtcNow())).LastDeploymentAttemptedAt);
        Assert.Equal(expected, store.With("e1", e => e.Cancel(_clock.GetUtcNow())).LastDeploymentAttemptedAt);
    }

    [Fact]
    public void DefaultWorld_StartsDeploymentsBeforeTheSampleEventsRequestTimes()
    {
        var store = new EnvironmentStore(null, _clock.GetUtcNow());

        // events/sqs-cancel.json is sent 2025-11-26T10:00:00Z (SentTimestamp), events/eventbridge-cancel.json at 2026-11-24T10:00:00Z.
        var started = store.With("prod-network", e => e.Get(_clock.GetUtcNow())).LastDeploymentAttemptedAt;
        Assert.True(started < DateTimeOffset.FromUnixTimeMilliseconds(1764151200000), $"started {started:O}");
    }

    [Fact]
    public void DefaultWorld_OnAnEarlyClock_StartsDeploymentsAnHourBeforeTheSimulator()
    {
        var early = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var store = new EnvironmentStore(null, early);

        Assert.Equal(early.AddHours(-1), store.With("e1", e => e.Get(early)).LastDeploymentAttemptedAt);
    }

    [Fact]
    public void RefuseWith_RefusesTheCancel_AndTheDeploymentCarriesOn()
    {
        var scenario = ScenarioFile.Parse("""{"environments":[{"name":"e1","cancel":{"refuseWith":"ConflictException"}}]}""");
        var store = new EnvironmentStore(scenario, _clock.GetUtcNow());

        var refusal = Assert.Throws<ProtonException>(() => store.With("e1", e => e.Cancel(_clock.GetUtcNow())));

        Assert.Equal(ProtonErrors.Conflict, refusal.Code);
        Assert.Contains("cancel.refuseWith", refusal.Message, StringComparison.Ordinal);
        _clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(DeploymentStatuses.InProgress, store.With("e1", e => e.Get(_clock.GetUtcNow())).DeploymentStatus);
    }

    [Fact]
    public void TheSimulatorReadmesScenarioExample_IsAValidScenario()
    {
        var readme = RepoFiles.Read("src", "ProtonCancelLambda.Local", "Simulator", "README.md");
        var start = readme.LastIndexOf("```json", StringComparison.Ordinal) + "```json".Length;
        var example = readme[start..readme.IndexOf("```", start, StringComparison.Ordinal)];

        var environment = Assert.Single(ScenarioFile.Parse(example).Environments);
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 9, 55, 0, TimeSpan.Zero), environment.LastDeploymentAttemptedAt);
    }

    [Theory]
    [InlineData("""{"environments":[{"name":"e1","cancel":{"refuseWith":"NoSuchException"}}]}""", "cancel.refuseWith 'NoSuchException' is not one of the model's error shapes")]
    [InlineData("""{"environments":[{"name":"e1","cancel":{"answerDelaySeconds":-1}}]}""", "cancel.answerDelaySeconds must be between 0 and 3600")]
    [InlineData("""{"environments":[{"name":"e1","lastDeploymentAttemptedAt":"yesterday"}]}""", "lastDeploymentAttemptedAt")]
    public void Parse_WithABadGuardField_NamesIt(string json, string expected)
    {
        var error = Assert.Throws<ScenarioException>(() => ScenarioFile.Parse(json));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
