using ProtonCancelLambda.Aws.Proton;
using ProtonCancelLambda.Outcomes;
using ProtonCancelLambda.Pipeline;
using ProtonCancelLambda.Requests;

namespace ProtonCancelLambda.Tests.Workflow;

/// <summary>A requestedAt or a watch that no honest producer or continuation writes is REJECTED before any Proton call.</summary>
public class RequestTimeRulesTests
{
    [Theory]
    [InlineData("""{"environmentName":"prod-network","requestedAt":"2026-11-24T10:06:00Z"}""", "requestedAt 2026-11-24T10:06:00.000Z is 360 s in the future; at most 300 s of clock skew is accepted")]
    [InlineData("""{"environmentName":"prod-network","watch":{"since":"2026-11-24T11:00:00Z","pollCount":1}}""", "watch.since 2026-11-24T11:00:00.000Z is 3600 s in the future; at most 300 s of clock skew is accepted")]
    public async Task Request_WithATimeNoProducerOrContinuationWrites_IsRejected_WithoutAProtonCall(string body, string error)
    {
        var harness = new WorkflowHarness(maxWatch: TimeSpan.FromHours(1));
        harness.Proton.Add("prod-network");

        var result = await harness.RunAsync(body);

        Assert.Equal(ProcessingResult.Completed, result);
        var outcome = Assert.Single(harness.Publisher.Published);
        Assert.Equal(OutcomeKinds.Rejected, outcome.Kind);
        Assert.Equal("prod-network", outcome.EnvironmentName);
        Assert.Equal(error, outcome.Error);
        Assert.Empty(harness.Proton.Calls);
    }

    [Fact]
    public async Task Request_WithRequestedAtWithinTheClockSkew_IsCancelled_AsOfTheEarlierTransportTime()
    {
        var harness = new WorkflowHarness();
        harness.Proton.Add("prod-network", afterSeconds: 1);

        await harness.RunAsync("""{"environmentName":"prod-network","requestedAt":"2026-11-24T10:04:00Z"}""");

        var outcome = Assert.Single(harness.Publisher.Published);
        Assert.Equal(OutcomeKinds.Cancelled, outcome.Kind);
        // A producer clock 4 minutes ahead: SQS's SentTimestamp (10:00, the harness's clock) is the earlier time (B3).
        Assert.Equal("2026-11-24T10:00:00.000Z", outcome.RequestedAt);
    }

    [Fact]
    public async Task Continuation_ArrivingLateAfterMaxWatch_IsStillAnsweredTimedOut_NotRejected()
    {
        var harness = new WorkflowHarness(maxWatch: TimeSpan.FromHours(1));
        harness.Proton.Add("prod-network", status: DeploymentStatuses.InProgress);

        // Due at 10:00 (since + MAX_WATCH_SECONDS), delivered 5 minutes late.
        await harness.RunAsync("""{"environmentName":"prod-network","requestId":"rb-1","watch":{"since":"2026-11-24T08:55:00Z","pollCount":40,"deploymentId":"d-0001"}}""");

        var outcome = Assert.Single(harness.Publisher.Published);
        Assert.Equal(OutcomeKinds.TimedOut, outcome.Kind);
        Assert.Equal(0, harness.Proton.CancelCount);
    }

    [Fact]
    public void Rules_OnlyLookAtTheTimesTheyGuard()
    {
        var now = new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);
        var rules = new RequestTimeRules(new Microsoft.Extensions.Time.Testing.FakeTimeProvider(now));
        var request = new CancelRequest { EnvironmentName = "a", RequestId = "r" };
        Delivery Of(CancelRequest r, WatchState? w = null) => Delivery.Create(RequestSources.Sqs, "m", new AcceptedRequest(r, w), null, InvocationDeadlines.From(now.AddMinutes(1), now));

        Assert.Null(rules.Problem(Of(request)));
        Assert.Null(rules.Problem(Of(request with { RequestedAt = now.AddDays(-30) })));
        Assert.Null(rules.Problem(Of(request, new WatchState(now.AddMinutes(5), 0, null))));
        Assert.Null(rules.Problem(Of(request, new WatchState(now.AddDays(-30), 0, null))));
        Assert.NotNull(rules.Problem(Of(request, new WatchState(now.AddMinutes(5).AddSeconds(1), 0, null))));
    }
}
