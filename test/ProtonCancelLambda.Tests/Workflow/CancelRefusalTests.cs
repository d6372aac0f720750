using ProtonCancelLambda.Aws.Proton;
using ProtonCancelLambda.Handling;
using ProtonCancelLambda.Outcomes;
using ProtonCancelLambda.Pipeline;
using ProtonCancelLambda.Requests;

namespace ProtonCancelLambda.Tests.Workflow;

/// <summary>A ValidationException or ConflictException on cancel read for what it is: a refusal, a duplicate, or our own earlier attempt.</summary>
public class CancelRefusalTests
{
    private const string Body = """{"environmentName":"prod-network","requestId":"rb-2291"}""";

    [Theory]
    [InlineData(ProtonErrorCodes.Validation)]
    [InlineData(ProtonErrorCodes.Conflict)]
    public async Task Cancel_WhenProtonRefusesWhileTheDeploymentIsStillInProgress_PublishesErrorWithTheCode(string code)
    {
        var harness = new WorkflowHarness();
        harness.Proton.Add("prod-network", refuseWith: code);

        var result = await harness.RunAsync(Body);

        Assert.Equal(ProcessingResult.Completed, result);
        var outcome = Assert.Single(harness.Publisher.Published);
        Assert.Equal(OutcomeKinds.Error, outcome.Kind);
        Assert.Equal(DeploymentStatuses.InProgress, outcome.DeploymentStatus);
        Assert.StartsWith(code + ": Proton refused the cancel while deployment d-0001 is still IN_PROGRESS", outcome.Error, StringComparison.Ordinal);
        Assert.Empty(harness.Queue!.Scheduled);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Cancel_WhoseEarlierAttemptTookEffect_AndTheDeploymentIsAlreadyCancelled_PublishesCancelled(bool requestTimeKnown)
    {
        var harness = new WorkflowHarness();
        harness.Proton.Add("prod-network", afterSeconds: 0, answerLost: true);

        await harness.RunAsync(RequestParser.ParseBody(Body, "m-1"), "m-1", RequestSources.Sqs, requestTimeKnown ? harness.Clock.GetUtcNow() : null);

        var outcome = Assert.Single(harness.Publisher.Published);
        Assert.Equal(OutcomeKinds.Cancelled, outcome.Kind);
        Assert.Equal(DeploymentStatuses.Cancelled, outcome.DeploymentStatus);
        Assert.Equal("d-0001", outcome.DeploymentId);
        Assert.Null(outcome.Error);
    }

    [Fact]
    public async Task Cancel_WhoseEarlierAttemptTookEffect_AndTheDeploymentIsCancelling_WatchesItToCancelled()
    {
        var harness = new WorkflowHarness();
        harness.Proton.Add("prod-network", afterSeconds: 3, answerLost: true);

        await harness.RunAsync(Body);

        Assert.Equal(OutcomeKinds.Cancelled, Assert.Single(harness.Publisher.Published).Kind);
    }

    [Fact]
    public async Task Cancel_RefusedWithoutAnUnansweredEarlierAttempt_WhenAlreadyCancelled_IsStillNotInProgress()
    {
        var harness = new WorkflowHarness();
        harness.Proton.Add("prod-network", status: DeploymentStatuses.Cancelled);

        // No request time, so no look first: the cancel itself is refused.
        await harness.RunAsync(RequestParser.ParseBody(Body, "m-1"), "m-1", RequestSources.Sqs, null);

        var outcome = Assert.Single(harness.Publisher.Published);
        Assert.Equal(OutcomeKinds.NotInProgress, outcome.Kind);
        Assert.Equal(1, harness.Proton.CancelCount);
    }

    [Fact]
    public async Task Cancel_WhoseEarlierAttemptMayHaveTakenEffect_ButAnotherDeploymentIsCancelled_IsNotClaimed()
    {
        var harness = new WorkflowHarness();
        harness.Proton.Add("prod-network", deploymentId: "d-0001", afterSeconds: 0, answerLost: true);
        harness.Proton.BeforeCancel = () => harness.Proton.StartNewDeployment("prod-network", "d-0002");

        // Without a request time, expectedDeploymentId makes the function look first.
        await harness.RunAsync(RequestParser.ParseBody("""{"environmentName":"prod-network","expectedDeploymentId":"d-0001"}""", "m-1"), "m-1", RequestSources.Sqs, null);

        // The re-read shows d-0002, not the d-0001 looked at: not this request's, so SKIPPED naming both (B5).
        var outcome = Assert.Single(harness.Publisher.Published);
        Assert.Equal(OutcomeKinds.Skipped, outcome.Kind);
        Assert.Equal("d-0002", outcome.DeploymentId);
        Assert.Contains("d-0001", outcome.Error, StringComparison.Ordinal);
    }
}
