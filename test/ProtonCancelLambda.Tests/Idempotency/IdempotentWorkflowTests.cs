using ProtonCancelLambda.Aws.Proton;
using ProtonCancelLambda.Idempotency;
using ProtonCancelLambda.Logging;
using ProtonCancelLambda.Outcomes;
using ProtonCancelLambda.Requests;
using ProtonCancelLambda.Tests.Workflow;
using ProtonCancelLambda.Workflow;

namespace ProtonCancelLambda.Tests.Idempotency;

/// <summary>The idempotency steps around the real workflow, on the fake clock and the fake Proton.</summary>
public sealed class IdempotentWorkflowTests
{
    private const string Request = """{"environmentName":"prod-network","requestId":"rb-2291"}""";

    [Fact]
    public async Task Cancel_SavesTheWatchOnceTheCancelWentThrough()
    {
        var store = new RecordingIdempotencyStore();
        var harness = new WorkflowHarness(checkpoint: new IdempotencyWatchCheckpoint(store, Logger()));
        harness.Proton.Add("prod-network", settlesAs: DeploymentStatuses.Cancelled, afterSeconds: 2);

        await harness.RunAsync(Request);

        Assert.Equal(1, harness.Proton.CancelCount);
        Assert.Equal("Checkpoint rb-2291 d-0001", Assert.Single(store.Calls));
    }

    [Fact]
    public async Task TakeOver_OfADeadDeliveryThatHadCancelled_ResumesAndReportsCancelled_WithoutCancellingAgain()
    {
        // The dead delivery cancelled and saved its watch 7 minutes ago; the deployment has long settled.
        var store = new RecordingIdempotencyStore();
        var harness = new WorkflowHarness { Wrap = inner => new IdempotentRequestProcessor(inner, store, Logger()) };
        harness.Proton.Add("prod-network", settlesAs: DeploymentStatuses.Cancelled, afterSeconds: 2);
        await harness.Proton.CancelEnvironmentDeploymentAsync("prod-network", DateTimeOffset.MaxValue, CancellationToken.None);
        var cancelledAt = harness.Clock.GetUtcNow();
        harness.Clock.Advance(TimeSpan.FromMinutes(7));
        store.ClaimAnswer = new Claimed(new WatchState(cancelledAt, 1, "d-0001", "sqs", cancelledAt));

        await harness.RunAsync(Request, deliveryId: "m-redelivered");

        var outcome = Assert.Single(harness.Publisher.Published);
        Assert.Equal((OutcomeKinds.Cancelled, "d-0001"), (outcome.Kind, outcome.DeploymentId));
        Assert.Equal(1, harness.Proton.CancelCount);
    }

    private static LambdaLogger Logger() => new(TextWriter.Null, LogOptions.Default, TimeProvider.System);
}
