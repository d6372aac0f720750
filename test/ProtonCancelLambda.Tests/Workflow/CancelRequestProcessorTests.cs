using ProtonCancelLambda.Cancellation;
using ProtonCancelLambda.Pipeline;
using System.Globalization;
using System.Text.Json;
using ProtonCancelLambda.Aws.Proton;
using ProtonCancelLambda.Handling;
using ProtonCancelLambda.Outcomes;

namespace ProtonCancelLambda.Tests.Workflow;

public class CancelRequestProcessorTests
{
    private const string ProdRequest = """{"environmentName":"prod-network","requestId":"rb-2291","reason":"canary alarm","correlationId":"pipeline-run-77"}""";

    [Fact]
    public async Task Cancel_WhenCancellationSucceeds_PublishesCancelledAfterCancelling()
    {
        var harness = new WorkflowHarness();
        harness.Proton.Add("prod-network", settlesAs: DeploymentStatuses.Cancelled, afterSeconds: 2);

        var result = await harness.RunAsync(ProdRequest);

        Assert.Equal(ProcessingResult.Completed, result);
        var outcome = Assert.Single(harness.Publisher.Published);
        Assert.Equal(OutcomeKinds.Cancelled, outcome.Kind);
        Assert.Equal(DeploymentStatuses.Cancelled, outcome.DeploymentStatus);
        Assert.Equal("User initiated cancellation.", outcome.DeploymentStatusMessage);
        Assert.Equal("d-0001", outcome.DeploymentId);
        Assert.Equal("arn:aws:proton:us-east-1:123456789012:environment/prod-network", outcome.EnvironmentArn);
        Assert.Equal("rb-2291", outcome.RequestId);
        Assert.Equal("canary alarm", outcome.Reason);
        Assert.Equal("pipeline-run-77", outcome.CorrelationId);
        Assert.Equal("sqs", outcome.Source);
        Assert.Null(outcome.Error);
        Assert.Equal(1, harness.Proton.CancelCount);
        Assert.Equal(harness.Proton.GetCount, outcome.PollCount);
        Assert.InRange(outcome.PollCount, 2, 6);
    }

    [Theory]
    [InlineData(DeploymentStatuses.Failed, OutcomeKinds.Failed)]
    [InlineData(DeploymentStatuses.Succeeded, OutcomeKinds.Succeeded)]
    public async Task Cancel_WhenDeploymentSettlesOtherwise_PublishesThat(string settlesAs, string expected)
    {
        var harness = new WorkflowHarness();
        harness.Proton.Add("prod-network", settlesAs: settlesAs, afterSeconds: 5);

        await harness.RunAsync(ProdRequest);

        var outcome = Assert.Single(harness.Publisher.Published);
        Assert.Equal(expected, outcome.Kind);
        Assert.Equal(settlesAs, outcome.DeploymentStatus);
    }

    [Theory]
    [InlineData(DeploymentStatuses.Succeeded)]
    [InlineData(DeploymentStatuses.Failed)]
    [InlineData(DeploymentStatuses.Cancelled)]
    public async Task Cancel_WhenNothingIsInProgress_PublishesNotInProgressWithTheStatus(string status)
    {
        var harness = new WorkflowHarness();
        harness.Proton.Add("prod-network", status: status);

        await harness.RunAsync(ProdRequest);

        var outcome = Assert.Single(harness.Publisher.Published);
        Assert.Equal(OutcomeKinds.NotInProgress, outcome.Kind);
        Assert.Equal(status, outcome.DeploymentStatus);
    }

    [Fact]
    public async Task Cancel_WhenExpectedDeploymentDiffers_PublishesSkippedAndCancelsNothing()
    {
        var harness = new WorkflowHarness();
        harness.Proton.Add("prod-network", deploymentId: "d-0002");

        await harness.RunAsync("""{"environmentName":"prod-network","expectedDeploymentId":"d-0001"}""");

        var outcome = Assert.Single(harness.Publisher.Published);
        Assert.Equal(OutcomeKinds.Skipped, outcome.Kind);
        Assert.Equal("d-0002", outcome.DeploymentId);
        Assert.Contains("d-0001", outcome.Error, StringComparison.Ordinal);
        Assert.Equal(0, harness.Proton.CancelCount);
    }

    [Fact]
    public async Task Cancel_WhenExpectedDeploymentMatches_Cancels()
    {
        var harness = new WorkflowHarness();
        harness.Proton.Add("prod-network", deploymentId: "d-0001");

        await harness.RunAsync("""{"environmentName":"prod-network","expectedDeploymentId":"d-0001"}""");

        Assert.Equal(OutcomeKinds.Cancelled, Assert.Single(harness.Publisher.Published).Kind);
        Assert.Equal(1, harness.Proton.CancelCount);
    }

    [Theory]
    [InlineData(null, OutcomeKinds.NotFound, "ResourceNotFoundException")] // The environment is unknown.
    [InlineData("AccessDeniedException", OutcomeKinds.Error, "AccessDeniedException")]
    public async Task Cancel_WhenProtonAnswersWithAnError_PublishesItsOutcomeWithTheAwsCode(string? failWith, string expectedKind, string expectedCode)
    {
        var harness = new WorkflowHarness();
        if (failWith is not null)
        {
            harness.Proton.Add("prod-network", failWith: failWith);
        }

        var result = await harness.RunAsync(ProdRequest);

        Assert.Equal(ProcessingResult.Completed, result);
        var outcome = Assert.Single(harness.Publisher.Published);
        Assert.Equal(expectedKind, outcome.Kind);
        Assert.StartsWith(expectedCode, outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvalidRequest_PublishesRejectedNamingTheProblem()
    {
        var harness = new WorkflowHarness();

        var result = await harness.RunAsync("""{"environmentName":"bad name","requestId":"r-9"}""");

        Assert.Equal(ProcessingResult.Completed, result);
        var outcome = Assert.Single(harness.Publisher.Published);
        Assert.Equal(OutcomeKinds.Rejected, outcome.Kind);
        Assert.Equal("r-9", outcome.RequestId);
        Assert.Contains("does not match", outcome.Error, StringComparison.Ordinal);
        Assert.Empty(harness.Proton.Calls);
    }

    [Fact]
    public async Task DuplicateDelivery_WhileCancelling_WatchesInsteadOfFailing()
    {
        var harness = new WorkflowHarness();
        harness.Proton.Add("prod-network", afterSeconds: 4);
        await harness.Proton.CancelEnvironmentDeploymentAsync("prod-network", DateTimeOffset.MaxValue, CancellationToken.None);

        await harness.RunAsync(ProdRequest);

        var outcome = Assert.Single(harness.Publisher.Published);
        Assert.Equal(OutcomeKinds.Cancelled, outcome.Kind);
        Assert.Equal(2, harness.Proton.CancelCount);
    }

    [Fact]
    public async Task TransientFaultOnCancel_AsksForRedelivery_AndPublishesNothing()
    {
        var harness = new WorkflowHarness();
        harness.Proton.Add("prod-network");
        harness.Proton.Faults.Enqueue(new ProtonException("ThrottlingException", "Rate exceeded", 400, isRetryable: true));

        var result = await harness.RunAsync(ProdRequest);

        Assert.Equal(ProcessingResult.RetryLater, result);
        Assert.Empty(harness.Publisher.Published);
    }

    [Fact]
    public async Task TransientFaultWhilePolling_IsJustAMissedPoll()
    {
        var harness = new WorkflowHarness();
        harness.Proton.Add("prod-network", afterSeconds: 3);
        harness.Proton.BeforeGet = gets =>
        {
            // The first GetEnvironment is the look before the cancel; the second is the first poll.
            if (gets == 2)
            {
                harness.Proton.Faults.Enqueue(new ProtonException("InternalServerException", "oops", 500, isRetryable: true));
            }
        };

        Assert.Equal(ProcessingResult.Completed, await harness.RunAsync(ProdRequest));
        Assert.Equal(OutcomeKinds.Cancelled, Assert.Single(harness.Publisher.Published).Kind);
        Assert.True(harness.Proton.Faults.IsEmpty, "the fault was never met");
    }

    [Fact]
    public async Task SlowCancellation_IsHandedToAContinuation_ThatResumesWithoutCancellingAgain()
    {
        var harness = new WorkflowHarness(pollWindow: TimeSpan.FromSeconds(10));
        harness.Proton.Add("prod-network", afterSeconds: 60);

        var first = await harness.RunAsync("""{"environmentName":"prod-network","reason":"slow"}""", deliveryId: "m-original");

        Assert.Equal(ProcessingResult.Completed, first);
        Assert.Empty(harness.Publisher.Published);
        var (request, watch, delay) = Assert.Single(harness.Queue!.Scheduled);
        Assert.Equal("m-original", request.RequestId);
        Assert.Equal("d-0001", watch.DeploymentId);
        Assert.True(watch.PollCount > 0);
        Assert.InRange(delay, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(900));
        var body = JsonDocument.Parse(SqsContinuationQueue.ToBody(request, watch, null, null)).RootElement;
        Assert.Equal("m-original", body.GetProperty("requestId").GetString());
        Assert.Equal("slow", body.GetProperty("reason").GetString());
        Assert.True(body.GetProperty("watch").TryGetProperty("since", out _));

        await harness.DeliverContinuationsUntilPublishedAsync();

        var outcome = Assert.Single(harness.Publisher.Published);
        Assert.Equal(OutcomeKinds.Cancelled, outcome.Kind);
        Assert.Equal("m-original", outcome.RequestId);
        Assert.Equal(1, harness.Proton.CancelCount);
        Assert.Equal(harness.Proton.GetCount, outcome.PollCount);
    }

    [Fact]
    public async Task Continuation_PastMaxWatch_PublishesTimedOut()
    {
        var harness = new WorkflowHarness(pollWindow: TimeSpan.FromSeconds(5), maxWatch: TimeSpan.FromSeconds(40));
        harness.Proton.Add("prod-network", afterSeconds: 3600);

        await harness.RunAsync(ProdRequest);
        await harness.DeliverContinuationsUntilPublishedAsync();

        var outcome = Assert.Single(harness.Publisher.Published);
        Assert.Equal(OutcomeKinds.TimedOut, outcome.Kind);
        Assert.Equal(DeploymentStatuses.Cancelling, outcome.DeploymentStatus);
        Assert.Contains("MAX_WATCH_SECONDS", outcome.Error, StringComparison.Ordinal);
        Assert.Equal(1, harness.Proton.CancelCount);
    }

    [Fact]
    public async Task WithoutARequestQueue_WatchesUntilTheInvocationEnds_ThenTimesOut()
    {
        var harness = new WorkflowHarness(withQueue: false, invocationTimeout: TimeSpan.FromSeconds(20));
        harness.Proton.Add("prod-network", afterSeconds: 3600);
        var start = harness.Clock.GetUtcNow();

        Assert.Equal(ProcessingResult.Completed, await harness.RunAsync(ProdRequest));

        var outcome = Assert.Single(harness.Publisher.Published);
        Assert.Equal(OutcomeKinds.TimedOut, outcome.Kind);
        Assert.Contains("REQUEST_QUEUE_URL", outcome.Error, StringComparison.Ordinal);

        // It kept polling until the invocation had to answer: 20 s less the 5 s safety margin.
        var watched = DateTimeOffset.Parse(outcome.CompletedAt, CultureInfo.InvariantCulture) - start;
        Assert.InRange(watched, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(15));
        Assert.Equal(harness.Proton.GetCount, outcome.PollCount);
        Assert.True(outcome.PollCount > 5, $"only {outcome.PollCount} polls");
    }

    [Fact]
    public async Task SupersededDeployment_IsReportedNotInProgress()
    {
        var harness = new WorkflowHarness();
        harness.Proton.Add("prod-network", afterSeconds: 3600);
        harness.Proton.BeforeGet = gets =>
        {
            if (gets == 2)
            {
                harness.Proton.StartNewDeployment("prod-network", "d-0002");
            }
        };

        await harness.RunAsync(ProdRequest);

        var outcome = Assert.Single(harness.Publisher.Published);
        Assert.Equal(OutcomeKinds.NotInProgress, outcome.Kind);
        Assert.Contains("superseded", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SnsUnreachable_AfterSettling_HandsTheOutcomeToAContinuation()
    {
        var harness = new WorkflowHarness();
        harness.Proton.Add("prod-network");
        harness.Publisher.FailuresLeft = 1;

        var result = await harness.RunAsync(ProdRequest);

        Assert.Equal(ProcessingResult.Completed, result);
        Assert.Empty(harness.Publisher.Published);
        Assert.Equal(ProcessingResult.Completed, await harness.DeliverContinuationAsync());
        var outcome = Assert.Single(harness.Publisher.Published);
        Assert.Equal(OutcomeKinds.Cancelled, outcome.Kind);
        Assert.Equal(1, harness.Proton.CancelCount);
    }

    [Fact]
    public async Task SnsUnreachable_ForARejection_AsksForRedelivery()
    {
        var harness = new WorkflowHarness();
        harness.Publisher.FailuresLeft = 1;

        var result = await harness.RunAsync("not json");

        Assert.Equal(ProcessingResult.RetryLater, result);
        Assert.Equal(0, harness.Publisher.FailuresLeft);
        Assert.Empty(harness.Publisher.Published);
        Assert.Empty(harness.Queue!.Scheduled);
        Assert.Empty(harness.Proton.Calls);
    }

    [Fact]
    public async Task Outcome_WritesEmfMetrics()
    {
        var harness = new WorkflowHarness();
        harness.Proton.Add("prod-network");

        await harness.RunAsync(ProdRequest);
        harness.Metrics.FlushInvocation();

        var emf = harness.Log.ToString().Split('\n').Where(l => l.Contains("\"_aws\"", StringComparison.Ordinal)).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var outcomeLine = emf.Single(e => e.TryGetProperty("Outcome", out _));
        Assert.Equal("CANCELLED", outcomeLine.GetProperty("Outcome").GetString());
        Assert.Equal(1, outcomeLine.GetProperty("Outcomes").GetInt32());
        Assert.Equal(harness.Proton.GetCount, outcomeLine.GetProperty("PollCount").GetInt32());
        Assert.True(outcomeLine.GetProperty("TimeToSettle").GetDouble() >= 2000);
        Assert.Equal("ProtonCancelLambda", outcomeLine.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0].GetProperty("Namespace").GetString());

        // TransientFaultsRetried is counted by the retry hook that only the composition root wires: see
        // FunctionEdgesTests, which checks it against the simulator's own count of throttled calls.
    }
}
