namespace ProtonCancelLambda.Tests.Races;

/// <summary>
/// Issue 19 B3. The request time is the earlier of the producer's requestedAt and the transport's time (SQS
/// SentTimestamp, EventBridge time): a producer clock running ahead must not let a late redelivery cancel a deployment that started
/// after the message was really sent. A DLQ redrive resets SentTimestamp, so the older requestedAt still counts.
/// </summary>
public class ProducerClockTests
{
    [Fact]
    public async Task RequestedAtAheadOfSentTimestamp_DeploymentStartedBetweenThem_IsSkippedAndNothingCancelled()
    {
        var sent = SqsEvents.SentAt;
        var rig = new FunctionRig(new WaitAwareClock(sent.AddMinutes(6)));
        rig.Proton.Add("prod-network", deploymentId: "d-0002", startedAt: sent.AddMinutes(2));

        // The producer's clock is 4 minutes fast; the message was sent at `sent` and is redelivered late.
        await rig.InvokeAsync(SqsEvents.Batch(SqsEvents.Record("m-late", RaceEvents.Request("rb-fast-clock", requestedAt: sent.AddMinutes(4)), sentAt: sent)));

        var outcome = Assert.Single(rig.Outcomes);
        Assert.True(
            outcome.GetProperty("outcome").GetString() == "SKIPPED",
            $"d-0002 started 2 min after SQS took the message (SentTimestamp), so it is not this request's; but published: {outcome}");
        Assert.Equal(0, rig.Proton.CancelCount);
    }

    [Fact]
    public async Task RequestedAtAheadOfEventBridgeTime_DeploymentStartedBetweenThem_IsSkippedAndNothingCancelled()
    {
        var sent = SqsEvents.SentAt;
        var rig = new FunctionRig(new WaitAwareClock(sent.AddMinutes(6)));
        rig.Proton.Add("prod-network", deploymentId: "d-0002", startedAt: sent.AddMinutes(2));

        // EventBridge's `time` says when the event was put; the producer's requestedAt runs 4 minutes ahead of it.
        await rig.InvokeAsync(RaceEvents.EventBridge(sent, $$"""{"environmentName":"prod-network","requestId":"rb-fast-clock","requestedAt":"{{RaceEvents.Iso(sent.AddMinutes(4))}}"}"""));

        var outcome = Assert.Single(rig.Outcomes);
        Assert.True(
            outcome.GetProperty("outcome").GetString() == "SKIPPED",
            $"d-0002 started 2 min after EventBridge took the event (its time), so it is not this request's; but published: {outcome}");
        Assert.Equal(0, rig.Proton.CancelCount);
    }

    [Fact]
    public async Task DlqRedrive_SentTimestampResetLater_StillUsesTheOlderRequestedAt()
    {
        var requested = SqsEvents.SentAt;
        var redriven = requested.AddHours(1);
        var rig = new FunctionRig(new WaitAwareClock(redriven.AddMinutes(1)));
        rig.Proton.Add("prod-network", deploymentId: "d-0002", startedAt: requested.AddMinutes(10));

        await rig.InvokeAsync(SqsEvents.Batch(SqsEvents.Record("m-redriven", RaceEvents.Request("rb-redrive", requestedAt: requested), sentAt: redriven)));

        Assert.Equal("SKIPPED", Assert.Single(rig.Outcomes).GetProperty("outcome").GetString());
        Assert.Equal(0, rig.Proton.CancelCount);
    }
}
