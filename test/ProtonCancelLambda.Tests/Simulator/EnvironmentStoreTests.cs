using Microsoft.Extensions.Time.Testing;
using ProtonCancelLambda.Local.Simulator.Environments;
using ProtonCancelLambda.Local.Simulator.Protocol;
using ProtonCancelLambda.Local.Simulator.Scenario;

namespace ProtonCancelLambda.Tests.Simulator;

public class EnvironmentStoreTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Cancel_WithoutScenario_IsCancellingThenCancelledAfterTwoSeconds()
    {
        var store = new EnvironmentStore(null, _clock.GetUtcNow());

        Assert.Equal(DeploymentStatuses.InProgress, Get(store, "any-name").DeploymentStatus);
        Assert.Equal(DeploymentStatuses.Cancelling, store.With("any-name", e => e.Cancel(_clock.GetUtcNow())).DeploymentStatus);
        _clock.Advance(TimeSpan.FromMilliseconds(1999));
        Assert.Equal(DeploymentStatuses.Cancelling, Get(store, "any-name").DeploymentStatus);
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        var settled = Get(store, "any-name");

        Assert.Equal(DeploymentStatuses.Cancelled, settled.DeploymentStatus);
        Assert.Equal("User initiated cancellation.", settled.DeploymentStatusMessage);
    }

    [Fact]
    public void Cancel_SettlingAsSucceeded_RecordsTheDeploymentAsLastSucceeded()
    {
        var store = Store(new ScenarioEnvironment { Name = "e1", Cancel = new ScenarioCancel { SettlesAs = "SUCCEEDED", AfterSeconds = 5 } });
        var before = store.With("e1", e => e.Cancel(_clock.GetUtcNow()));
        _clock.Advance(TimeSpan.FromSeconds(5));
        var after = Get(store, "e1");

        Assert.Equal(DeploymentStatuses.Succeeded, after.DeploymentStatus);
        Assert.Equal(before.LastAttemptedDeploymentId, after.LastSucceededDeploymentId);
        Assert.Equal(_clock.GetUtcNow(), after.LastDeploymentSucceededAt);
    }

    [Fact]
    public void Get_WithCompletesAfterSeconds_CompletesCountedFromStart()
    {
        var store = Store(new ScenarioEnvironment { Name = "e1", CompletesAs = "FAILED", CompletesAfterSeconds = 30 });
        _clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(DeploymentStatuses.InProgress, Get(store, "e1").DeploymentStatus);
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(DeploymentStatuses.Failed, Get(store, "e1").DeploymentStatus);
    }

    [Fact]
    public void Cancel_WhenNotInProgress_FailsWithValidationException()
    {
        var store = Store(new ScenarioEnvironment { Name = "e1", DeploymentStatus = "SUCCEEDED" });
        var error = Assert.Throws<ProtonException>(() => store.With("e1", e => e.Cancel(_clock.GetUtcNow())));
        Assert.Equal(ProtonErrors.Validation, error.Code);
    }

    [Fact]
    public void Get_UnknownEnvironmentWithScenario_FailsWithResourceNotFound()
    {
        var store = Store(new ScenarioEnvironment { Name = "e1" });
        Assert.Equal(ProtonErrors.ResourceNotFound, Assert.Throws<ProtonException>(() => Get(store, "e2")).Code);
    }

    [Fact]
    public void Get_FailWith_ReturnsThatErrorForEveryCall()
    {
        var store = Store(new ScenarioEnvironment { Name = "e1", FailWith = "AccessDeniedException" });
        Assert.Equal(ProtonErrors.AccessDenied, Assert.Throws<ProtonException>(() => Get(store, "e1")).Code);
        Assert.Equal(ProtonErrors.AccessDenied, Assert.Throws<ProtonException>(() => store.With("e1", e => e.Cancel(_clock.GetUtcNow()))).Code);
    }

    [Fact]
    public void Update_AfterCancel_StartsNewInProgressDeploymentWithNewUuid()
    {
        var store = Store(new ScenarioEnvironment { Name = "e1", Cancel = new ScenarioCancel { AfterSeconds = 0 } });
        var first = store.With("e1", e => e.Cancel(_clock.GetUtcNow()));
        var updated = store.With("e1", e => e.Update(new EnvironmentUpdate("MINOR_VERSION", null, "spec", null, null, null, null, null), _clock.GetUtcNow()));

        Assert.Equal(DeploymentStatuses.InProgress, updated.DeploymentStatus);
        Assert.NotEqual(first.LastAttemptedDeploymentId, updated.LastAttemptedDeploymentId);
        Assert.Matches(ProtonConstraints.UuidPattern, updated.LastAttemptedDeploymentId);
        Assert.Equal("1", updated.TemplateMinorVersion);
        Assert.Equal("spec", updated.Spec);
    }

    [Fact]
    public void Update_WhileInProgress_FailsWithConflict()
    {
        var store = Store(new ScenarioEnvironment { Name = "e1" });
        var error = Assert.Throws<ProtonException>(() => store.With("e1", e => e.Update(new EnvironmentUpdate("CURRENT_VERSION", null, null, null, null, null, null, null), _clock.GetUtcNow())));
        Assert.Equal(ProtonErrors.Conflict, error.Code);
    }

    [Fact]
    public void Timeline_AfterPolling_MeasuresDetectionLag()
    {
        var store = Store(new ScenarioEnvironment { Name = "e1" });
        store.With("e1", e => e.Cancel(_clock.GetUtcNow()));
        _clock.Advance(TimeSpan.FromSeconds(1.5));
        Get(store, "e1");
        _clock.Advance(TimeSpan.FromSeconds(1.5));
        Get(store, "e1");

        var timeline = store.Timeline("e1", _clock.GetUtcNow())!;
        Assert.Equal(2, timeline.Observations.Count);
        Assert.Equal(TimeSpan.FromSeconds(1), timeline.DetectionLag);
        Assert.Equal(DeploymentStatuses.Cancelled, timeline.CurrentStatus);
    }

    private EnvironmentStore Store(params ScenarioEnvironment[] environments) =>
        new(new SimulationScenario { Environments = environments }, _clock.GetUtcNow());

    private EnvironmentView Get(EnvironmentStore store, string name) => store.With(name, e => e.Get(_clock.GetUtcNow()));
}
