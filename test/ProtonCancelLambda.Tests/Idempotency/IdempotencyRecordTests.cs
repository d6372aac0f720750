using ProtonCancelLambda.Aws.DynamoDb;
using ProtonCancelLambda.Idempotency;
using ProtonCancelLambda.Requests;

namespace ProtonCancelLambda.Tests.Idempotency;

/// <summary>Who may have a request, read from the item a failed condition returned.</summary>
public sealed class IdempotencyRecordTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Judge_CompletedRecord_IsTheOutcomeWhateverTheClaim()
    {
        var record = Record(status: "COMPLETED", outcome: "SKIPPED", token: "t-1");

        Assert.Equal(new AlreadyCompleted("SKIPPED"), record.Judge(Claim("m-2", token: null), Now));
        Assert.Equal(new AlreadyCompleted("SKIPPED"), record.Judge(Claim("m-2", token: "t-1"), Now));
    }

    [Fact]
    public void Judge_RequestInAContinuationChain_IsHeldForTheRequestsOwnDeliveries()
    {
        var held = Assert.IsType<HeldElsewhere>(Record(token: "t-1", lease: 0).Judge(Claim("m-1", token: null), Now));

        Assert.False(held.SameDelivery);
        Assert.Contains("continuation", held.Why, StringComparison.Ordinal);
    }

    [Fact]
    public void Judge_ContinuationTheRecordNoLongerNames_IsOutOfDate()
    {
        var held = Assert.IsType<HeldElsewhere>(Record(token: "t-2", lease: 0).Judge(Claim("c-1", token: "t-1"), Now));

        Assert.Contains("out of date", held.Why, StringComparison.Ordinal);
    }

    [Fact]
    public void Judge_LiveLease_IsHeld_AndSaysWhenTheHolderIsThisMessage()
    {
        var record = Record(delivery: "m-1", lease: Now.AddSeconds(20).ToUnixTimeMilliseconds());

        Assert.False(Assert.IsType<HeldElsewhere>(record.Judge(Claim("m-2"), Now)).SameDelivery);
        Assert.True(Assert.IsType<HeldElsewhere>(record.Judge(Claim("m-1"), Now)).SameDelivery);
    }

    [Fact]
    public void Judge_EndedLeaseOfTheSameOwner_IsFreeToTakeOver()
    {
        Assert.Null(Record(lease: Now.AddMilliseconds(-1).ToUnixTimeMilliseconds()).Judge(Claim("m-2"), Now));
        Assert.Null(Record(token: "t-3", lease: 0).Judge(Claim("c-3", token: "t-3"), Now));
    }

    [Fact]
    public void Judge_ItemWrittenByThisVeryClaim_IsClaimed()
    {
        var record = Record(delivery: "m-1", lease: Now.AddSeconds(70).ToUnixTimeMilliseconds()) with { ClaimId = "c-1" };

        Assert.IsType<Claimed>(record.Judge(Claim("m-1"), Now, claimId: "c-1"));
        Assert.True(Assert.IsType<HeldElsewhere>(record.Judge(Claim("m-1"), Now, claimId: "c-2")).SameDelivery);
    }

    [Fact]
    public void From_ReadsTheSavedWatch()
    {
        var watch = new WatchState(Now, 7, "d-0009", "eventbridge", Now.AddMinutes(-1));
        var item = new Dictionary<string, DynamoDbValue>
        {
            ["id"] = DynamoDbValue.Text("rb-1"),
            ["status"] = DynamoDbValue.Text("IN_PROGRESS"),
            ["watch"] = DynamoDbValue.Text(WatchCodec.ToJson(watch)),
        };

        Assert.Equal(watch, IdempotencyRecord.From(item).Watch);
    }

    private static RequestClaim Claim(string deliveryId, string? token = null) => new("rb-1", deliveryId, token, Now.AddSeconds(70), "prod");

    private static IdempotencyRecord Record(string status = "IN_PROGRESS", long lease = 0, string? delivery = "m-1", string? token = null, string? outcome = null) =>
        new(true, status, lease, delivery, token, null, outcome);
}
