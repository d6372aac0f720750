using ProtonCancelLambda.Pipeline;
using ProtonCancelLambda.Handling;

namespace ProtonCancelLambda.Tests.Workflow;

public class ContinuationWindowTests
{
    [Fact]
    public async Task ResumedWatch_OnAQueueThatDelaysMessages_PollsOnceAndHandsOverAgain()
    {
        var harness = new WorkflowHarness(pollWindow: TimeSpan.FromSeconds(10));
        harness.Proton.Add("prod-network", afterSeconds: 600);
        await harness.RunAsync("""{"environmentName":"prod-network"}""");
        var pollsInFirstInvocation = harness.Proton.GetCount;

        Assert.Equal(ProcessingResult.Completed, await harness.DeliverContinuationAsync());

        // Waiting inside an invocation is billed; waiting in a delayed message is not.
        Assert.Equal(pollsInFirstInvocation + 1, harness.Proton.GetCount);
        Assert.Single(harness.Queue!.Scheduled);
        Assert.Empty(harness.Publisher.Published);
    }
}
