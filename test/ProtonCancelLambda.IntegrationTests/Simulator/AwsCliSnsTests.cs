namespace ProtonCancelLambda.IntegrationTests.Simulator;

/// <summary>The official AWS CLI publishing to the SNS sink on the simulator's port.</summary>
public class AwsCliSnsTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    [Fact]
    public async Task Publish_ToFifoTopic_IsRecordedWithAttributesAndIds()
    {
        var next = fixture.Simulator.Sns.WaitForNextMessageAsync(TestContext.Current.CancellationToken);
        var result = await AwsCli.RunAsync(fixture.Simulator.Endpoint, [
            "sns", "publish",
            "--topic-arn", "arn:aws:sns:us-east-1:123456789012:outcomes.fifo",
            "--message", """{"outcome":"CANCELLED","note":"a b&c=d"}""",
            "--message-attributes", """{"outcome":{"DataType":"String","StringValue":"CANCELLED"},"environmentName":{"DataType":"String","StringValue":"prod-network"}}""",
            "--message-group-id", "prod-network",
            "--message-deduplication-id", "rb-2291"]);

        var messageId = result.Json().GetProperty("MessageId").GetString();
        var message = await next.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Equal(messageId, message.MessageId);
        Assert.Equal("arn:aws:sns:us-east-1:123456789012:outcomes.fifo", message.TopicArn);
        Assert.Equal("""{"outcome":"CANCELLED","note":"a b&c=d"}""", message.Message);
        Assert.Equal("CANCELLED", message.MessageAttributes["outcome"].StringValue);
        Assert.Equal("prod-network", message.MessageAttributes["environmentName"].StringValue);
        Assert.Equal("prod-network", message.MessageGroupId);
        Assert.Equal("rb-2291", message.MessageDeduplicationId);
    }

    [Fact]
    public async Task Publish_WrongSecret_IsRejectedWithSignatureDoesNotMatch()
    {
        var result = await AwsCli.RunAsync(fixture.Simulator.Endpoint, ["sns", "publish", "--topic-arn", "arn:aws:sns:us-east-1:123456789012:t", "--message", "m"], secret: "wrong");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("(SignatureDoesNotMatch)", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_WhileSinkThrottles_FailsWithThrottled()
    {
        fixture.Simulator.SnsFaults.Set(Local.Sns.SnsFaultKind.Throttled, count: 1);
        var result = await AwsCli.RunAsync(fixture.Simulator.Endpoint, ["sns", "publish", "--topic-arn", "arn:aws:sns:us-east-1:123456789012:t", "--message", "m"]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("(Throttled)", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_WhileSinkIsUnreachable_FailsWithoutAnAnswerThenRecovers()
    {
        fixture.Simulator.SnsFaults.Set(Local.Sns.SnsFaultKind.Unreachable, count: 1);
        string[] publish = ["sns", "publish", "--topic-arn", "arn:aws:sns:us-east-1:123456789012:t", "--message", "m"];

        var dropped = await AwsCli.RunAsync(fixture.Simulator.Endpoint, publish);
        var recovered = await AwsCli.RunAsync(fixture.Simulator.Endpoint, publish);

        Assert.NotEqual(0, dropped.ExitCode);
        Assert.DoesNotContain("An error occurred (", dropped.StdErr, StringComparison.Ordinal);
        Assert.Equal(0, recovered.ExitCode);
    }
}
