using ProtonCancelLambda.Aws;
using ProtonCancelLambda.Aws.Proton;
using ProtonCancelLambda.Idempotency;
using ProtonCancelLambda.Outcomes;
using ProtonCancelLambda.Pipeline;
using ProtonCancelLambda.Requests;
using ProtonCancelLambda.Tests.Workflow;

namespace ProtonCancelLambda.Tests.Idempotency;

/// <summary>
/// The record's steps at their places in the pipeline, in one timeline with the sends and publishes: claim ->
/// cancel -> watch started -> hand over (handing over, send, handed over) or publish -> published; give back.
/// </summary>
public sealed class PipelineRecordTests
{
    private const string Request = """{"environmentName":"prod-network","requestId":"rb-2291"}""";

    private readonly WorkflowHarness _harness;
    private readonly RecordingRequestRecord _record;

    public PipelineRecordTests()
    {
        var timeline = new System.Collections.Concurrent.ConcurrentQueue<string>();
        _record = new RecordingRequestRecord(timeline);
        _harness = new WorkflowHarness(record: _record, pollWindow: TimeSpan.FromSeconds(10), timeline: timeline);
    }

    [Fact]
    public async Task Cancel_ThatSettlesInTheWindow_ClaimsSavesTheWatchPublishesThenMarksPublished()
    {
        _harness.Proton.Add("prod-network", settlesAs: DeploymentStatuses.Cancelled, afterSeconds: 2);

        var result = await RunAsync(Request);

        Assert.Equal(ProcessingResult.Completed, result);
        Assert.Equal(
            ["Claim rb-2291 m-1 -", "WatchStarted rb-2291 d-0001", "Publish rb-2291 CANCELLED", "Published rb-2291 CANCELLED"],
            Merged());
    }

    [Fact]
    public async Task Watch_StillSettlingAtTheWindowEnd_NamesTheTokenBeforeSendingThenMakesItTheOwner()
    {
        _harness.Proton.Add("prod-network", settlesAs: DeploymentStatuses.Cancelled, afterSeconds: 600);

        var result = await RunAsync(Request);

        Assert.Equal(ProcessingResult.Completed, result);
        Assert.Equal(
            ["Claim rb-2291 m-1 -", "WatchStarted rb-2291 d-0001", "HandingOver rb-2291 - t-1", "Send rb-2291 t-1", "HandedOver rb-2291 - t-1"],
            Merged());
        Assert.Empty(_harness.Publisher.Published);
    }

    [Fact]
    public async Task HandOver_WhenTheRecordCannotNameTheToken_SendsNothingAndGivesTheClaimBack()
    {
        _harness.Proton.Add("prod-network", settlesAs: DeploymentStatuses.Cancelled, afterSeconds: 600);
        _record.FailOn = "HandingOver";

        var result = await RunAsync(Request);

        Assert.Equal(ProcessingResult.RetryLater, result);
        Assert.Empty(_harness.Queue!.Scheduled);
        Assert.Equal("GiveBack rb-2291 m-1", Merged()[^1]);
    }

    [Fact]
    public async Task HandOver_WhenTheSendFails_GivesTheClaimBackWithoutMakingTheTokenTheOwner()
    {
        _harness.Proton.Add("prod-network", settlesAs: DeploymentStatuses.Cancelled, afterSeconds: 600);
        _harness.Queue!.FailWith = new AwsServiceException("ThrottlingException", "slow down", 400, isRetryable: true);

        var result = await RunAsync(Request);

        Assert.Equal(ProcessingResult.RetryLater, result);
        Assert.DoesNotContain(Merged(), call => call.StartsWith("HandedOver", StringComparison.Ordinal));
        Assert.Equal(["HandingOver rb-2291 - t-1", "GiveBack rb-2291 m-1"], Merged()[^2..]);
    }

    [Fact]
    public async Task HandOver_WhenTheFinalRecordWriteFails_StillCompletes_TheSentMessageIsNamedPending()
    {
        _harness.Proton.Add("prod-network", settlesAs: DeploymentStatuses.Cancelled, afterSeconds: 600);
        _record.FailOn = "HandedOver";

        var result = await RunAsync(Request);

        Assert.Equal(ProcessingResult.Completed, result);
        Assert.Single(_harness.Queue!.Scheduled);
        Assert.Contains("the record still names it pending", _harness.Log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_WhenSnsFails_LeavesTheRecordInProgress()
    {
        _harness.Proton.Add("prod-network", settlesAs: DeploymentStatuses.Cancelled, afterSeconds: 2);
        _harness.Publisher.RefuseWith = new AwsServiceException("AuthorizationError", "denied", 403, isRetryable: false);

        var result = await RunAsync(Request);

        Assert.Equal(ProcessingResult.RetryLater, result);
        Assert.DoesNotContain(Merged(), call => call.StartsWith("Published", StringComparison.Ordinal));
        Assert.Equal("GiveBack rb-2291 m-1", Merged()[^1]);
    }

    [Fact]
    public async Task Publish_WhenTheRecordCannotBeMarked_StillCompletes_SoTheOutcomeIsNotPublishedAgain()
    {
        _harness.Proton.Add("prod-network", settlesAs: DeploymentStatuses.Cancelled, afterSeconds: 2);
        _record.FailOn = "Published";

        var result = await RunAsync(Request);

        Assert.Equal(ProcessingResult.Completed, result);
        Assert.Single(_harness.Publisher.Published);
        Assert.Contains("published but the idempotency record could not be marked completed", _harness.Log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MarkPublished_HasTimeOfItsOwnAfterThePublishDeadline()
    {
        _harness.Proton.Add("prod-network", settlesAs: DeploymentStatuses.Cancelled, afterSeconds: 2);
        var deadlines = _harness.Deadlines();

        await RunAsync(Request);

        Assert.Equal(deadlines.CallsEnd, Assert.Single(_harness.Publisher.Deadlines));
        Assert.Equal(deadlines.RecordEnd, _record.Deadlines.Last());
        Assert.True(deadlines.RecordEnd - deadlines.CallsEnd >= InvocationDeadlines.RecordReserve);
    }

    [Theory]
    [InlineData("m-2", false, ProcessingResult.Completed)] // Another delivery holds it: this one is a duplicate and is done.
    [InlineData("m-1", true, ProcessingResult.RetryLater)] // This very message is being worked on: its copy comes back later.
    public async Task Claim_WhenTheRequestIsHeld_DoesNotWorkOnIt(string deliveryId, bool sameDelivery, ProcessingResult expected)
    {
        _harness.Proton.Add("prod-network", settlesAs: DeploymentStatuses.Cancelled, afterSeconds: 2);
        _record.ClaimAnswer = new HeldElsewhere("delivery m-1 holds it until 10:01", SameDelivery: sameDelivery);

        var result = await _harness.RunAsync(Request, deliveryId);

        Assert.Equal(expected, result);
        Assert.Equal(0, _harness.Proton.CancelCount);
        Assert.Single(_record.Calls);
    }

    [Fact]
    public async Task Claim_WhenTheRequestAlreadyHasItsOutcome_CompletesWithoutWorkingOnIt()
    {
        _record.ClaimAnswer = new AlreadyCompleted("CANCELLED");

        var result = await _harness.RunAsync(Request, "m-2");

        Assert.Equal(ProcessingResult.Completed, result);
        Assert.Empty(_harness.Publisher.Published);
        Assert.Contains("rb-2291 already has its outcome (CANCELLED); delivery m-2 is a duplicate", _harness.Log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Claim_WhenTheRecordCannotBeClaimed_NeitherWorksNorDropsTheRequest()
    {
        _record.FailOn = "Claim";

        var result = await RunAsync(Request);

        Assert.Equal(ProcessingResult.RetryLater, result);
        Assert.Equal(0, _harness.Proton.CancelCount);
        Assert.Contains("could not be claimed (ProvisionedThroughputExceededException)", _harness.Log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Claim_CarriesTheContinuationToken_TheFingerprint_AndALeaseBeyondTheDeadline()
    {
        _harness.Proton.Add("prod", settlesAs: DeploymentStatuses.Cancelled, afterSeconds: 0);
        var deadlines = _harness.Deadlines();
        var body = """{"environmentName":"prod","requestId":"rb-1","expectedDeploymentId":"d-0001","watch":{"since":"2026-11-24T09:59:00Z","pollCount":3,"token":"t-7"}}""";

        await _harness.RunAsync(body, "m-9");

        var claim = _record.Claims.First();
        Assert.Equal(("rb-1", "m-9", "t-7", "prod"), (claim.RequestId, claim.DeliveryId, claim.Token, claim.EnvironmentName));
        Assert.Equal(new RequestFingerprint("prod", "d-0001"), claim.Fingerprint);
        Assert.Equal(_harness.Clock.GetUtcNow() + _harness.InvocationTimeout + InvocationDeadlines.LeaseMargin, claim.LeaseUntil);
    }

    [Fact]
    public async Task Claim_OfARejectedRequest_IsUnderItsRequestIdToo()
    {
        _record.ClaimAnswer = new AlreadyCompleted("REJECTED");

        var result = await RunAsync("""{"requestId":"rb-5"}""");

        Assert.Equal(ProcessingResult.Completed, result);
        Assert.Equal("Claim rb-5 m-1 -", Assert.Single(_record.Calls));
    }

    [Fact]
    public async Task TakeOver_OfADeadDeliveryThatHadCancelled_ResumesAndReportsCancelled_WithoutCancellingAgain()
    {
        // The dead delivery cancelled and saved its watch 7 minutes ago; the deployment has long settled.
        _harness.Proton.Add("prod-network", settlesAs: DeploymentStatuses.Cancelled, afterSeconds: 2);
        await _harness.Proton.CancelEnvironmentDeploymentAsync("prod-network", DateTimeOffset.MaxValue, CancellationToken.None);
        var cancelledAt = _harness.Clock.GetUtcNow();
        _harness.Clock.Advance(TimeSpan.FromMinutes(7));
        _record.ClaimAnswer = new Claimed(new WatchState(cancelledAt, 1, "d-0001", "sqs", cancelledAt));

        await _harness.RunAsync(Request, deliveryId: "m-redelivered");

        var outcome = Assert.Single(_harness.Publisher.Published);
        Assert.Equal((OutcomeKinds.Cancelled, "d-0001"), (outcome.Kind, outcome.DeploymentId));
        Assert.Equal(1, _harness.Proton.CancelCount);
    }

    [Fact]
    public async Task Conflict_IsRejectedUnderARecordOfItsOwn_AndCancelsNothing()
    {
        var answers = new Queue<ClaimResult>([new Conflict("requestId rb-2291 is already recorded for another request"), new Claimed(null)]);
        var record = new SequencedRecord(_record, answers);
        var harness = new WorkflowHarness(record: record);
        harness.Proton.Add("prod-network", settlesAs: DeploymentStatuses.Cancelled, afterSeconds: 2);

        var result = await harness.RunAsync(Request);

        Assert.Equal(ProcessingResult.Completed, result);
        Assert.Equal(0, harness.Proton.CancelCount);
        var outcome = Assert.Single(harness.Publisher.Published);
        Assert.Equal((OutcomeKinds.Rejected, "rb-2291"), (outcome.Kind, outcome.RequestId));
        Assert.Contains("already recorded for another request", outcome.Error, StringComparison.Ordinal);
        var marked = Assert.Single(_record.Calls, call => call.StartsWith("Published", StringComparison.Ordinal));
        Assert.StartsWith("Published rb-2291#conflict#", marked, StringComparison.Ordinal);
    }

    private Task<ProcessingResult> RunAsync(string body) => _harness.RunAsync(body);

    /// <summary>The record's calls and the harness's sends and publishes, in the order they happened.</summary>
    private List<string> Merged() => [.. _harness.Timeline];

    /// <summary>Answers claims from a queue, passing every other call on.</summary>
    private sealed class SequencedRecord(RecordingRequestRecord inner, Queue<ClaimResult> answers) : IRequestRecord
    {
        public async Task<ClaimResult> ClaimAsync(RequestClaim claim, DateTimeOffset deadline, CancellationToken cancellationToken)
        {
            await inner.ClaimAsync(claim, deadline, cancellationToken);
            return answers.Dequeue();
        }

        public Task WatchStartedAsync(string requestId, WatchState watch, DateTimeOffset deadline, CancellationToken cancellationToken) => inner.WatchStartedAsync(requestId, watch, deadline, cancellationToken);

        public Task<string?> HandingOverAsync(string requestId, string? owner, WatchState watch, DateTimeOffset deadline, CancellationToken cancellationToken) => inner.HandingOverAsync(requestId, owner, watch, deadline, cancellationToken);

        public Task HandedOverAsync(string requestId, string? owner, string? next, DateTimeOffset deadline, CancellationToken cancellationToken) => inner.HandedOverAsync(requestId, owner, next, deadline, cancellationToken);

        public Task PublishedAsync(string requestId, string outcomeKind, DateTimeOffset deadline, CancellationToken cancellationToken) => inner.PublishedAsync(requestId, outcomeKind, deadline, cancellationToken);

        public Task GiveBackAsync(string requestId, string deliveryId, DateTimeOffset deadline, CancellationToken cancellationToken) => inner.GiveBackAsync(requestId, deliveryId, deadline, cancellationToken);
    }
}
