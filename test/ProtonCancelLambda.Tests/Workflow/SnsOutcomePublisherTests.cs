using System.Text.Json;
using ProtonCancelLambda.Aws;
using ProtonCancelLambda.Aws.Sns;
using ProtonCancelLambda.Outcomes;

namespace ProtonCancelLambda.Tests.Workflow;

public class SnsOutcomePublisherTests
{
    private sealed class NoSns : ISnsPublisher
    {
        public Task<string> PublishAsync(SnsPublishRequest request, DateTimeOffset deadline, CancellationToken cancellationToken) => Task.FromResult("id");
    }

    private static readonly Outcome Sample = new()
    {
        RequestId = "rb-2291",
        EnvironmentName = "prod-network",
        Kind = OutcomeKinds.Cancelled,
        DeploymentStatus = "CANCELLED",
        Source = "sqs",
        CompletedAt = "2026-11-24T10:02:13.000Z",
        PollCount = 9,
        CorrelationId = "pipeline-run-77",
    };

    [Fact]
    public void Request_CarriesFilterAttributes_AndEveryKeyOfSchemaV1()
    {
        var request = new SnsOutcomePublisher(new NoSns(), "arn:aws:sns:us-east-1:123456789012:outcomes").ToRequest(Sample);

        Assert.Equal(
            [
                new("outcome", "CANCELLED"), new("environmentName", "prod-network"), new("deploymentStatus", "CANCELLED"),
                new("requestId", "rb-2291"), new("correlationId", "pipeline-run-77"),
            ],
            request.StringAttributes);
        Assert.Null(request.MessageGroupId);
        var keys = JsonDocument.Parse(request.Message).RootElement.EnumerateObject().Select(p => p.Name);
        Assert.Equal(
            ["schemaVersion", "requestId", "environmentName", "outcome", "deploymentStatus", "deploymentStatusMessage", "deploymentId", "environmentArn", "source", "reason", "correlationId", "requestedAt", "completedAt", "pollCount", "error"],
            keys);
    }

    [Fact]
    public void FifoTopic_GroupsByEnvironment_AndDeduplicatesByRequestId()
    {
        var request = new SnsOutcomePublisher(new NoSns(), "arn:aws:sns:us-east-1:123456789012:outcomes.fifo").ToRequest(Sample);

        Assert.Equal("prod-network", request.MessageGroupId);
        Assert.Equal("rb-2291", request.MessageDeduplicationId);
    }

    [Fact]
    public void FifoIds_LongerThan128OrNotPrintableAscii_AreHashed()
    {
        // Expected values from coreutils, not from our code: printf 'r%.0s' $(seq 1 129) | sha256sum, and
        // printf 'has space' | sha256sum.
        Assert.Equal("sha256:823571b215e235cb47fd8a5f9b7e23679d6174a9039c4983e7603c374a5c1637", BoundedId.For(new string('r', 129)));
        Assert.Equal("sha256:47b5c36fc0b017ba576f10f988d0cbcbc78256dab5de0e4689980898e7c715e3", BoundedId.For("has space"));
        Assert.Equal(new string('r', 128), BoundedId.For(new string('r', 128)));
    }

    [Fact]
    public void RejectedOutcome_WithoutEnvironment_LeavesEmptyAttributesOut()
    {
        var request = new SnsOutcomePublisher(new NoSns(), "arn:aws:sns:us-east-1:123456789012:outcomes").ToRequest(Sample with { EnvironmentName = null, DeploymentStatus = null, Kind = OutcomeKinds.Rejected });

        Assert.Equal([new("outcome", "REJECTED"), new("requestId", "rb-2291"), new("correlationId", "pipeline-run-77")], request.StringAttributes);
    }

    [Fact]
    public void WithoutCorrelationId_TheAttributeIsLeftOut()
    {
        var request = new SnsOutcomePublisher(new NoSns(), "arn:aws:sns:us-east-1:123456789012:outcomes").ToRequest(Sample with { CorrelationId = null });

        Assert.DoesNotContain(request.StringAttributes, a => a.Key == "correlationId");
        Assert.Contains(new KeyValuePair<string, string>("requestId", "rb-2291"), request.StringAttributes);
    }

    [Theory]
    [InlineData("run\uFFFF77")]
    [InlineData("run\u000177")]
    public void AttributeValueSnsWouldRefuse_IsLeftOut_AndKeptInTheMessage(string value)
    {
        var request = new SnsOutcomePublisher(new NoSns(), "arn:aws:sns:us-east-1:123456789012:outcomes").ToRequest(Sample with { CorrelationId = value, RequestId = value });

        Assert.Equal(["outcome", "environmentName", "deploymentStatus"], request.StringAttributes.Select(a => a.Key));
        Assert.Equal(value, JsonDocument.Parse(request.Message).RootElement.GetProperty("correlationId").GetString());
    }

    [Fact]
    public void LoneSurrogate_IsNotPublishable() => Assert.False(SnsAttributeValues.IsPublishable("run\uD800"));

    [Theory]
    [InlineData("pipeline run 77 / ünïcode ✓")]
    [InlineData("emoji \uD83D\uDE80 and tab\t")]
    public void AttributeValueSnsTakes_IsSent(string value)
    {
        Assert.True(SnsAttributeValues.IsPublishable(value));
    }
}
