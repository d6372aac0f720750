namespace ProtonCancelLambda.Tests.Races;

/// <summary>
/// Issue 19 B6. Lambda tells the function its timeout only as each invocation's deadline. With a function timeout
/// of 5 s or less the fixed reserves (hand-over 4 s, response 1 s) used to leave the calls no time at all, so every
/// record failed at once and ended in the DLQ. The decision tested here: the budget scales, so an invocation whose
/// deadline is that close still cancels and publishes.
/// </summary>
public class ShortFunctionTimeoutTests
{
    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    public async Task InvocationWithAShortDeadline_StillCancelsAndPublishes(int timeoutSeconds)
    {
        var rig = new FunctionRig(new WaitAwareClock(SqsEvents.SentAt.AddSeconds(1)));
        rig.Proton.Add("prod-network", afterSeconds: 0.3);

        var response = await rig.InvokeAsync(SqsEvents.Batch(SqsEvents.Record("m-1", RaceEvents.Request("rb-short"))), TimeSpan.FromSeconds(timeoutSeconds));

        Assert.True(
            rig.Proton.CancelCount == 1 && rig.Outcomes.Count == 1,
            $"with {timeoutSeconds} s to the deadline: {rig.Proton.CancelCount} cancel(s), {rig.Outcomes.Count} outcome(s), response {response}; Proton calls: {string.Join(", ", rig.Proton.Calls)}");
        Assert.Equal("CANCELLED", rig.Outcomes[0].GetProperty("outcome").GetString());
        Assert.Empty(FunctionRig.Failures(response));
    }
}
