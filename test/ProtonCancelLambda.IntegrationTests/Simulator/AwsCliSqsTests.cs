namespace ProtonCancelLambda.IntegrationTests.Simulator;

/// <summary>
/// The official AWS CLI (botocore speaks AWS JSON 1.0 to SQS and checks the body's MD5 in the answer) sending
/// to the local request queue that <c>invoke --follow</c> delivers from.
/// </summary>
public class AwsCliSqsTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    [Fact]
    public async Task SendMessage_WithDelay_IsQueuedUntilTheDelayHasPassed()
    {
        var queue = fixture.Simulator.RequestQueue;
        var before = queue.SentCount;

        var result = await AwsCli.RunAsync(fixture.Simulator.Endpoint, [
            "sqs", "send-message", "--queue-url", fixture.Simulator.RequestQueueUrl.ToString(),
            "--message-body", """{"environmentName":"prod-network","watch":{"pollCount":3}}""", "--delay-seconds", "900"]);

        Assert.False(string.IsNullOrEmpty(result.Json().GetProperty("MessageId").GetString()));
        Assert.Equal(before + 1, queue.SentCount);
        Assert.Empty(queue.ReceiveVisible(10));
        Assert.True(queue.NextVisibleAt >= DateTimeOffset.UtcNow.AddSeconds(890), $"visible at {queue.NextVisibleAt}");
    }

    [Fact]
    public async Task SendMessage_ToAnotherQueue_IsQueueDoesNotExist()
    {
        var result = await AwsCli.RunAsync(fixture.Simulator.Endpoint, [
            "sqs", "send-message", "--queue-url", new Uri(fixture.Simulator.Endpoint, "123456789012/elsewhere").ToString(), "--message-body", "x"]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("QueueDoesNotExist", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendMessage_WrongSecret_IsRejected()
    {
        var result = await AwsCli.RunAsync(fixture.Simulator.Endpoint, [
            "sqs", "send-message", "--queue-url", fixture.Simulator.RequestQueueUrl.ToString(), "--message-body", "x"], secret: "wrong");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("SignatureDoesNotMatch", result.StdErr, StringComparison.Ordinal);
    }
}
