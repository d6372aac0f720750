namespace ProtonCancelLambda.Tests.Races;

/// <summary>
/// Issue 19 B3. The request time is the earlier of the producer's requestedAt and the transport's time (SQS
/// SentTimestamp, EventBridge time): a producer clock running ahead must not let a late redelivery cancel a deployment that started
/// after the message was really sent. A DLQ redrive resets SentTimestamp, so the older requestedAt still counts.
/// </summary>
public class ProducerClockTests
{
    [Theory]
    [InlineData("sqs")]
    [InlineData("eventbridge")]
    public async Task RequestedAtAheadOfTheTransportTime_DeploymentStartedBetweenThem_IsSkippedAndNothingCancelled(string transport)
    {
        var sent = SqsEvents.SentAt;
        var rig = new FunctionRig(new WaitAwareClock(sent.AddMinutes(6)));
        rig.Proton.Add("prod-network", deploymentId: "d-0002", startedAt: sent.AddMinutes(2));

        // The producer's clock is 4 minutes fast; SQS (SentTimestamp) or EventBridge (time) took the request at
        // `sent`, and it is delivered late.
        var requestedAt = RaceEvents.Iso(sent.AddMinutes(4));
        await rig.InvokeAsync(transport == "sqs"
            ? SqsEvents.Batch(SqsEvents.Record("m-late", RaceEvents.Request("rb-fast-clock", requestedAtText: requestedAt), sentAt: sent))
            : RaceEvents.EventBridge(sent, $$"""{"environmentName":"prod-network","requestId":"rb-fast-clock","requestedAt":"{{requestedAt}}"}"""));

        var outcome = Assert.Single(rig.Outcomes);
        Assert.True(
            outcome.GetProperty("outcome").GetString() == "SKIPPED",
            $"d-0002 started 2 min after {transport} took the request, so it is not this request's; but published: {outcome}");
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
