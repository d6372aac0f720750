using ProtonCancelLambda.Pipeline;
using ProtonCancelLambda.Aws;
using ProtonCancelLambda.Aws.Sns;
using ProtonCancelLambda.Handling;
using ProtonCancelLambda.Outcomes;

namespace ProtonCancelLambda.Tests.Workflow;

/// <summary>
/// Every chain of continuations ends on its own, and visibly: what no continuation can fix goes back to the
/// event source (its redrive policy, DLQ and alarm), and the end of an invocation keeps time for the hand-over.
/// </summary>
public sealed class ChainEndTests
{
    private const string Request = """{"environmentName":"prod-network","requestId":"rb-2291"}""";

    [Theory]
    [InlineData("NotFound", 404)]
    [InlineData("KMSDisabled", 400)]
    [InlineData("AuthorizationError", 403)]
    public async Task SnsRefusingForGood_AfterAWatch_IsRedeliveredNotHandedToAContinuation(string code, int status)
    {
        var harness = new WorkflowHarness();
        harness.Proton.Add("prod-network");
        harness.Publisher.RefuseWith = new SnsException(code, "refused", status, isRetryable: false, "Sender");

        var result = await harness.RunAsync(Request);

        Assert.Equal(ProcessingResult.RetryLater, result);
        Assert.Empty(harness.Queue!.Scheduled);

        // The watch ran to its outcome and SNS was asked (the refusing publisher never records an outcome).
        Assert.Equal(1, harness.Proton.CancelCount);
        Assert.NotEmpty(harness.Publisher.Deadlines);
    }

    [Fact]
    public async Task SnsUnreachable_PastMaxWatch_IsRedeliveredRatherThanRepublishedForEver()
    {
        var harness = new WorkflowHarness(maxWatch: TimeSpan.FromMinutes(2));
        harness.Proton.Add("prod-network");
        harness.Publisher.FailuresLeft = int.MaxValue;

        Assert.Equal(ProcessingResult.Completed, await harness.RunAsync(Request));

        // Each continuation comes 30 s later, reads the settled deployment and fails to publish again; past
        // MAX_WATCH_SECONDS from the watch's start the record goes back to the event source instead.
        var results = new List<ProcessingResult>();
        for (var delivery = 0; delivery < 10 && !harness.Queue!.Scheduled.IsEmpty; delivery++)
        {
            results.Add(await harness.DeliverContinuationAsync());
        }

        Assert.Equal(ProcessingResult.RetryLater, results[^1]);
        Assert.InRange(results.Count, 2, 5);
        Assert.True(harness.Publisher.Deadlines.Count > results.Count, $"{harness.Publisher.Deadlines.Count} publish attempts over {results.Count + 1} invocations");
        Assert.Equal(1, harness.Proton.CancelCount);
    }

    [Fact]
    public async Task DeadlineBudget_ProtonAndSnsEndSixSecondsEarly_TheHandOverTwoSecondsEarly()
    {
        var harness = new WorkflowHarness(pollWindow: TimeSpan.FromSeconds(5));
        harness.Proton.Add("prod-network", afterSeconds: 600);
        var deadline = harness.Clock.GetUtcNow() + harness.InvocationTimeout;

        Assert.Equal(ProcessingResult.Completed, await harness.RunAsync(Request));

        Assert.NotEmpty(harness.Proton.Deadlines);
        Assert.All(harness.Proton.Deadlines, d => Assert.Equal(deadline - TimeSpan.FromSeconds(6), d));
        Assert.Equal(deadline - TimeSpan.FromSeconds(2), Assert.Single(harness.Queue!.Deadlines));
    }

    [Fact]
    public async Task DeadlineBudget_PublishEndsEarlyEnoughForTheRecoveryHandOver()
    {
        var harness = new WorkflowHarness();
        harness.Proton.Add("prod-network");
        harness.Publisher.FailuresLeft = 1;
        var deadline = harness.Clock.GetUtcNow() + harness.InvocationTimeout;

        Assert.Equal(ProcessingResult.Completed, await harness.RunAsync(Request));

        Assert.Equal(deadline - TimeSpan.FromSeconds(6), Assert.Single(harness.Publisher.Deadlines));
        Assert.Equal(deadline - TimeSpan.FromSeconds(2), Assert.Single(harness.Queue!.Deadlines));
    }

    [Fact]
    public async Task ARejection_SnsRefusingForGood_IsRedelivered()
    {
        var harness = new WorkflowHarness();
        harness.Publisher.RefuseWith = new AwsServiceException("NotFound", "Topic does not exist", 404, isRetryable: false);

        Assert.Equal(ProcessingResult.RetryLater, await harness.RunAsync("not json"));
        Assert.Empty(harness.Queue!.Scheduled);
        Assert.NotEmpty(harness.Publisher.Deadlines);
    }
}
