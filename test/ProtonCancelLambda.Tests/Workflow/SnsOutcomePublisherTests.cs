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
    };

    [Fact]
    public void Request_CarriesFilterAttributes_AndEveryKeyOfSchemaV1()
    {
        var request = new SnsOutcomePublisher(new NoSns(), "arn:aws:sns:us-east-1:123456789012:outcomes").ToRequest(Sample);

        Assert.Equal(
            [new("outcome", "CANCELLED"), new("environmentName", "prod-network"), new("deploymentStatus", "CANCELLED")],
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
        Assert.Equal("823571b215e235cb47fd8a5f9b7e23679d6174a9039c4983e7603c374a5c1637", Fifo.Id(new string('r', 129)));
        Assert.Equal("47b5c36fc0b017ba576f10f988d0cbcbc78256dab5de0e4689980898e7c715e3", Fifo.Id("has space"));
        Assert.Equal(new string('r', 128), Fifo.Id(new string('r', 128)));
    }

    [Fact]
    public void RejectedOutcome_WithoutEnvironment_LeavesEmptyAttributesOut()
    {
        var request = new SnsOutcomePublisher(new NoSns(), "arn:aws:sns:us-east-1:123456789012:outcomes").ToRequest(Sample with { EnvironmentName = null, DeploymentStatus = null, Kind = OutcomeKinds.Rejected });

        Assert.Equal([new("outcome", "REJECTED")], request.StringAttributes);
    }
}
