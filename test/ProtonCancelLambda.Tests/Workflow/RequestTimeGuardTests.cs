using ProtonCancelLambda.Aws.Proton;
using ProtonCancelLambda.Handling;
using ProtonCancelLambda.Outcomes;
using ProtonCancelLambda.Requests;
using ProtonCancelLambda.Cancellation;

namespace ProtonCancelLambda.Tests.Workflow;

/// <summary>A late delivery of a request must not cancel a deployment that started after the request was made.</summary>
public class RequestTimeGuardTests
{
    private const string Body = """{"environmentName":"prod-network","requestId":"rb-2291"}""";

    [Fact]
    public async Task Cancel_WhenTheDeploymentStartedAfterTheRequest_PublishesSkippedNamingBothTimes_AndCancelsNothing()
    {
        var harness = new WorkflowHarness();
        var sentAt = harness.Clock.GetUtcNow() - TimeSpan.FromMinutes(30);
        harness.Proton.Add("prod-network", deploymentId: "d-rollback", startedAt: harness.Clock.GetUtcNow() - TimeSpan.FromMinutes(2));

        await harness.RunAsync(RequestParser.ParseBody(Body, "m-1"), "m-1", RequestSources.Sqs, sentAt);

        var outcome = Assert.Single(harness.Publisher.Published);
        Assert.Equal(OutcomeKinds.Skipped, outcome.Kind);
        Assert.Equal("d-rollback", outcome.DeploymentId);
        Assert.Equal(
            "deployment d-rollback started at 2026-11-24T09:58:00.000Z, after the request was made at 2026-11-24T09:30:00.000Z",
            outcome.Error);
        Assert.Equal(0, harness.Proton.CancelCount);
    }

    [Fact]
    public async Task Cancel_WithRequestedAtInTheBody_ItWinsOverTheTransportTime_AsAfterADlqRedrive()
    {
        var harness = new WorkflowHarness();
        harness.Proton.Add("prod-network", deploymentId: "d-rollback", startedAt: harness.Clock.GetUtcNow() - TimeSpan.FromMinutes(2));
        const string redriven = """{"environmentName":"prod-network","requestId":"rb-2291","requestedAt":"2026-11-24T09:30:00Z"}""";

        // A redrive sends the message anew: SentTimestamp is now, after the new deployment started.
        await harness.RunAsync(RequestParser.ParseBody(redriven, "m-1"), "m-1", RequestSources.Sqs, harness.Clock.GetUtcNow());

        var outcome = Assert.Single(harness.Publisher.Published);
        Assert.Equal(OutcomeKinds.Skipped, outcome.Kind);
        Assert.Equal("2026-11-24T09:30:00.000Z", outcome.RequestedAt);
        Assert.Contains("after the request was made at 2026-11-24T09:30:00.000Z", outcome.Error, StringComparison.Ordinal);
        Assert.Equal(0, harness.Proton.CancelCount);
    }

    [Fact]
    public async Task Cancel_WhenTheDeploymentStartedBeforeTheRequest_LooksOnceThenCancels()
    {
        var harness = new WorkflowHarness();
        harness.Proton.Add("prod-network", afterSeconds: 1, startedAt: harness.Clock.GetUtcNow() - TimeSpan.FromSeconds(1));

        await harness.RunAsync(RequestParser.ParseBody(Body, "m-1"), "m-1", RequestSources.Sqs, harness.Clock.GetUtcNow());

        Assert.Equal(OutcomeKinds.Cancelled, Assert.Single(harness.Publisher.Published).Kind);
        Assert.Equal(["Get prod-network", "Cancel prod-network"], harness.Proton.Calls.Take(2));
    }

    [Fact]
    public async Task Cancel_WithoutARequestTime_CancelsAtOnceAsBefore()
    {
        var harness = new WorkflowHarness();
        harness.Proton.Add("prod-network", afterSeconds: 1, startedAt: harness.Clock.GetUtcNow() + TimeSpan.FromHours(1));

        await harness.RunAsync(RequestParser.ParseBody(Body, "m-1"), "m-1", RequestSources.Sqs, null);

        Assert.Equal(OutcomeKinds.Cancelled, Assert.Single(harness.Publisher.Published).Kind);
        Assert.Equal("Cancel prod-network", harness.Proton.Calls.First());
    }

    [Fact]
    public async Task Cancel_WhenADeploymentStartsBetweenTheLookAndTheCancel_PublishesErrorNotCancelled()
    {
        var harness = new WorkflowHarness();
        harness.Proton.Add("prod-network", deploymentId: "d-0001");
        harness.Proton.BeforeCancel = () =>
        {
            harness.Clock.Advance(TimeSpan.FromSeconds(1));
            harness.Proton.StartNewDeployment("prod-network", "d-0002");
        };

        await harness.RunAsync(RequestParser.ParseBody(Body, "m-1"), "m-1", RequestSources.Sqs, harness.Clock.GetUtcNow());

        var outcome = Assert.Single(harness.Publisher.Published);
        Assert.Equal(OutcomeKinds.Error, outcome.Kind);
        Assert.Equal("d-0002", outcome.DeploymentId);
        Assert.StartsWith(CheckAndCancel.UnintendedCancelCode + ": deployment d-0002 started at 2026-11-24T10:00:01.000Z, after the request was made at 2026-11-24T10:00:00.000Z", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_WhenTheCancelReachesAnotherDeploymentThanTheExpectedOne_IsNeverACleanCancelled()
    {
        var harness = new WorkflowHarness();
        harness.Proton.Add("prod-network", deploymentId: "d-0001");
        harness.Proton.BeforeCancel = () => harness.Proton.StartNewDeployment("prod-network", "d-0002");

        // No request time: only expectedDeploymentId guards this request.
        await harness.RunAsync(RequestParser.ParseBody("""{"environmentName":"prod-network","expectedDeploymentId":"d-0001"}""", "m-1"), "m-1", RequestSources.Sqs, null);

        var outcome = Assert.Single(harness.Publisher.Published);
        Assert.Equal(OutcomeKinds.Error, outcome.Kind);
        Assert.Equal("d-0002", outcome.DeploymentId);
        Assert.Equal(
            CheckAndCancel.UnintendedCancelCode + ": expectedDeploymentId d-0001 does not match lastAttemptedDeploymentId d-0002; that deployment is now CANCELLING",
            outcome.Error);
    }

    [Fact]
    public async Task Continuation_KeepsTheProducersRequestedAt_AndNeverLooksBeforeCancelAgain()
    {
        var harness = new WorkflowHarness(pollWindow: TimeSpan.FromSeconds(2));
        harness.Proton.Add("prod-network", afterSeconds: 60);
        const string body = """{"environmentName":"prod-network","requestId":"rb-2291","requestedAt":"2026-11-24T09:59:00Z"}""";

        await harness.RunAsync(RequestParser.ParseBody(body, "m-1"), "m-1", RequestSources.Sqs, harness.Clock.GetUtcNow());
        var continuation = Assert.Single(harness.Queue!.Scheduled);
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 9, 59, 0, TimeSpan.Zero), continuation.Watch.RequestedAt);
        await harness.DeliverContinuationsUntilPublishedAsync();

        var outcome = Assert.Single(harness.Publisher.Published);
        Assert.Equal(OutcomeKinds.Cancelled, outcome.Kind);
        Assert.Equal("2026-11-24T09:59:00.000Z", outcome.RequestedAt);
        Assert.Equal(1, harness.Proton.CancelCount);
    }
}
