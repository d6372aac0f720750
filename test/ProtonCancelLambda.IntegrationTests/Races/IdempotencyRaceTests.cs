using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using ProtonCancelLambda.Aws.DynamoDb;
using ProtonCancelLambda.Aws.Proton;
using ProtonCancelLambda.Configuration;
using ProtonCancelLambda.IntegrationTests.Infrastructure;
using ProtonCancelLambda.Tests.Races;

namespace ProtonCancelLambda.IntegrationTests.Races;

/// <summary>
/// Issue 19 B4 (first half), B7 and B8: what the idempotency record must get right, on moto's DynamoDB through the
/// function's own client, on a fake clock (moto keeps no time of ours: conditions compare the times we write).
/// </summary>
public sealed class IdempotencyRaceTests(MotoServerFixture moto) : IClassFixture<MotoServerFixture>
{
    private static readonly TimeSpan LongAfter = TimeSpan.FromMinutes(10);

    [Fact]
    public async Task Publish_ThatReturnsJustBeforeItsDeadline_IsStillRecordedCompleted_SoALaterDuplicatePublishesNothing()
    {
        var (rig, clock) = await RigAsync("complete");
        rig.Proton.Add("prod-network", status: DeploymentStatuses.Succeeded);

        // SNS answers 10 ms before the deadline it was given; each DynamoDB call takes 20 ms.
        rig.Sns.Behaviour = (_, deadline) =>
        {
            clock.SetUtcNow(deadline - TimeSpan.FromMilliseconds(10));
            return Task.CompletedTask;
        };
        await rig.InvokeAsync(SqsEvents.Batch(SqsEvents.Record("m-1", RaceEvents.Request("rb-slow-sns"))));
        rig.Sns.Behaviour = null;

        // The same request again, long after the first delivery's lease: a producer retry, a duplicate.
        clock.Advance(LongAfter);
        await rig.InvokeAsync(SqsEvents.Batch(SqsEvents.Record("m-2", RaceEvents.Request("rb-slow-sns"))));

        Assert.True(
            rig.Outcomes.Count == 1,
            $"a duplicate after a slow but successful publish must publish nothing; published {rig.Outcomes.Count}: [{string.Join(", ", rig.Outcomes)}]; log:\n{rig.Log}");
    }

    [Fact]
    public async Task RequestIdShapedLikeAnotherRequestsHashedKey_GetsItsOwnOutcome()
    {
        var (rig, clock) = await RigAsync("collision");
        rig.Proton.Add("prod-a", status: DeploymentStatuses.Succeeded);
        rig.Proton.Add("prod-b", status: DeploymentStatuses.Succeeded);
        var longId = "rb-" + new string('x', 200);
        var forged = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(longId)));

        await rig.InvokeAsync(SqsEvents.Batch(SqsEvents.Record("m-1", RaceEvents.Request(longId, environmentName: "prod-a"))));
        clock.Advance(LongAfter);
        await rig.InvokeAsync(SqsEvents.Batch(SqsEvents.Record("m-2", RaceEvents.Request(forged, environmentName: "prod-b"))));

        var own = rig.Outcomes.Where(o => o.GetProperty("requestId").GetString() == forged).ToList();
        Assert.True(
            own.Count == 1,
            $"request {forged} (prod-b) got {own.Count} outcomes: its key collided with {longId[..12]}…'s; published: [{string.Join(", ", rig.Outcomes)}]; log:\n{rig.Log}");

        // Its own work ran: prod-b was looked at and, its deployment long settled, answered as it found it (a
        // settled deployment is never cancelled).
        Assert.Contains("Get prod-b", rig.Proton.Calls);
        Assert.Equal(("prod-b", "NOT_IN_PROGRESS"), (own[0].GetProperty("environmentName").GetString(), own[0].GetProperty("outcome").GetString()));
    }

    [Fact]
    public async Task SameRequestIdForAnotherEnvironment_IsRejectedNamingTheConflict_AndNothingIsCancelled()
    {
        var (rig, clock) = await RigAsync("conflict-env");
        rig.Proton.Add("prod-a", status: DeploymentStatuses.Succeeded);
        rig.Proton.Add("prod-b");

        await rig.InvokeAsync(SqsEvents.Batch(SqsEvents.Record("m-1", RaceEvents.Request("rb-reused", environmentName: "prod-a"))));
        clock.Advance(LongAfter);
        await rig.InvokeAsync(SqsEvents.Batch(SqsEvents.Record("m-2", RaceEvents.Request("rb-reused", environmentName: "prod-b"))));

        AssertRejectedConflict(rig, "prod-a", "prod-b");
        Assert.DoesNotContain(rig.Proton.Calls, call => call.EndsWith("prod-b", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SameRequestIdWithAnotherExpectedDeploymentId_IsRejectedNamingTheConflict_AndNothingIsCancelled()
    {
        var (rig, clock) = await RigAsync("conflict-deployment");
        rig.Proton.Add("prod-a", status: DeploymentStatuses.Succeeded, deploymentId: "d-0001");

        await rig.InvokeAsync(SqsEvents.Batch(SqsEvents.Record("m-1", RaceEvents.Request("rb-reused", expectedDeploymentId: "d-0001", environmentName: "prod-a"))));
        var callsBefore = rig.Proton.Calls.Count;
        clock.Advance(LongAfter);
        await rig.InvokeAsync(SqsEvents.Batch(SqsEvents.Record("m-2", RaceEvents.Request("rb-reused", expectedDeploymentId: "d-0009", environmentName: "prod-a"))));

        AssertRejectedConflict(rig, "d-0001", "d-0009");
        Assert.Equal(callsBefore, rig.Proton.Calls.Count);
    }

    private static void AssertRejectedConflict(FunctionRig rig, string recorded, string delivered)
    {
        Assert.True(
            rig.Outcomes.Count == 2,
            $"the second delivery reuses requestId rb-reused for a different request: it must be answered (REJECTED), not dropped as a duplicate; published {rig.Outcomes.Count}: [{string.Join(", ", rig.Outcomes)}]");
        var second = rig.Outcomes[1];
        var error = second.GetProperty("error").GetString() ?? string.Empty;
        Assert.Equal("REJECTED", second.GetProperty("outcome").GetString());
        Assert.True(error.Contains(recorded, StringComparison.Ordinal) && error.Contains(delivered, StringComparison.Ordinal), $"the rejection must name both {recorded} and {delivered}: {error}");
    }

    private async Task<(FunctionRig Rig, FakeTimeProvider Clock)> RigAsync(string name)
    {
        moto.RequireRunning();
        var table = await IdempotencyTables.CreateAsync(moto, name);
        var clock = new FakeTimeProvider(SqsEvents.SentAt.AddSeconds(1));
        var dynamoDb = new SlowDynamoDb(RaceDynamoDb.Client(moto, clock), clock);
        return (new FunctionRig(clock, new Dictionary<string, string> { [SettingNames.IdempotencyTableName] = table }, dynamoDb), clock);
    }

    /// <summary>Each call takes 20 ms of the (fake) clock before it is sent, as a real round trip would.</summary>
    private sealed class SlowDynamoDb(IDynamoDbItems inner, FakeTimeProvider clock) : IDynamoDbItems
    {
        private static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(20);

        public Task PutItemAsync(PutItemInput input, DateTimeOffset deadline, CancellationToken cancellationToken)
        {
            clock.Advance(Latency);
            return inner.PutItemAsync(input, deadline, cancellationToken);
        }

        public Task<Dictionary<string, DynamoDbValue>?> UpdateItemAsync(UpdateItemInput input, DateTimeOffset deadline, CancellationToken cancellationToken)
        {
            clock.Advance(Latency);
            return inner.UpdateItemAsync(input, deadline, cancellationToken);
        }
    }
}
