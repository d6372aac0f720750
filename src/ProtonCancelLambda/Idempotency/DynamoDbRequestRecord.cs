using ProtonCancelLambda.Aws;
using ProtonCancelLambda.Aws.DynamoDb;
using ProtonCancelLambda.Requests;

namespace ProtonCancelLambda.Idempotency;

/// <summary>
/// The idempotency record in a DynamoDB table laid out as Powertools for AWS Lambda lays it out (partition key
/// <c>id</c>, TTL attribute <c>expiration</c> in epoch seconds, <c>status</c>, <c>in_progress_expiration</c>
/// in epoch milliseconds), with our own attributes beside them. Every write is one conditional PutItem or
/// UpdateItem, so concurrent deliveries settle on one owner in DynamoDB, never in this process.
/// </summary>
internal sealed class DynamoDbRequestRecord(IDynamoDbItems dynamoDb, string tableName, TimeSpan timeToLive, TimeProvider clock, Func<string>? newToken = null) : IRequestRecord
{
    private readonly Func<string> _newToken = newToken ?? (() => Guid.NewGuid().ToString("N"));

    public async Task<ClaimResult> ClaimAsync(RequestClaim claim, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var claimId = Guid.NewGuid().ToString("N");
        try
        {
            // A new request, or one whose record outlived its TTL (DynamoDB deletes expired items only
            // eventually, so an expired record counts as absent, as Powertools counts it).
            await dynamoDb.PutItemAsync(
                new PutItemInput(
                    tableName,
                    IdempotencyItems.Claim(claim, claimId, now, ExpirationFrom(now)),
                    $"attribute_not_exists({IdempotencyAttributes.Id}) OR {IdempotencyAttributes.Expiration} < :nowSeconds",
                    null,
                    new() { [":nowSeconds"] = DynamoDbValue.Number(now.ToUnixTimeSeconds()) },
                    "ALL_OLD"),
                deadline,
                cancellationToken).ConfigureAwait(false);
            return new Claimed(null);
        }
        catch (DynamoDbConditionFailedException exception)
        {
            var found = IdempotencyRecord.From(exception.Item);
            return found.Judge(claim, now, claimId) ?? await TakeOverAsync(claim, claimId, now, deadline, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task WatchStartedAsync(string requestId, WatchState watch, DateTimeOffset deadline, CancellationToken cancellationToken) =>
        dynamoDb.UpdateItemAsync(
            Update(
                requestId,
                "SET #watch = :watch",
                "#status = :inProgress AND attribute_not_exists(#token)",
                new() { [":watch"] = DynamoDbValue.Text(WatchCodec.ToJson(watch)), [":inProgress"] = DynamoDbValue.Text(IdempotencyAttributes.InProgress) }),
            deadline,
            cancellationToken);

    public async Task<string?> HandingOverAsync(string requestId, string? owner, WatchState watch, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var next = _newToken();
        var values = OwnerValues(owner);
        values[":next"] = DynamoDbValue.Text(next);
        values[":watch"] = DynamoDbValue.Text(WatchCodec.ToJson(watch));
        try
        {
            await dynamoDb.UpdateItemAsync(
                Update(requestId, "SET #pending = :next, #watch = :watch", "#status = :inProgress AND " + OwnerCondition(owner), values),
                deadline,
                cancellationToken).ConfigureAwait(false);
            return next;
        }
        catch (DynamoDbConditionFailedException exception)
        {
            throw new NotTheOwnerException($"the record no longer names {owner ?? "the request itself"} as the owner", exception);
        }
    }

    public async Task HandedOverAsync(string requestId, string? owner, string? next, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var values = OwnerValues(owner);
        values[":next"] = DynamoDbValue.Text(next ?? throw new ArgumentNullException(nameof(next)));
        values[":parked"] = DynamoDbValue.Number(0);
        values[":expiration"] = DynamoDbValue.Number(ExpirationFrom(clock.GetUtcNow()));
        try
        {
            // The lease ends with the hand-over: from here only a delivery carrying the token may take the request.
            await dynamoDb.UpdateItemAsync(
                Update(
                    requestId,
                    "SET #token = :next, #lease = :parked, #expiration = :expiration REMOVE #pending",
                    "#status = :inProgress AND #pending = :next AND " + OwnerCondition(owner),
                    values),
                deadline,
                cancellationToken).ConfigureAwait(false);
        }
        catch (DynamoDbConditionFailedException)
        {
            // The continuation got there first and took the request over through its pending token (or the request
            // moved on from there): either way the message just sent is, or was, the owner.
        }
    }

    public Task PublishedAsync(string requestId, string outcomeKind, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return dynamoDb.UpdateItemAsync(
            Update(
                requestId,
                "SET #status = :completed, #outcome = :outcome, #completedAt = :completedAt, #expiration = :expiration",
                null,
                new()
                {
                    [":completed"] = DynamoDbValue.Text(IdempotencyAttributes.Completed),
                    [":outcome"] = DynamoDbValue.Text(outcomeKind),
                    [":completedAt"] = DynamoDbValue.Text(IsoTime.Format(now)),
                    [":expiration"] = DynamoDbValue.Number(ExpirationFrom(now)),
                }),
            deadline,
            cancellationToken);
    }

    public async Task GiveBackAsync(string requestId, string deliveryId, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        try
        {
            await dynamoDb.UpdateItemAsync(
                Update(
                    requestId,
                    "SET #lease = :released",
                    "#status = :inProgress AND #delivery = :delivery",
                    new()
                    {
                        [":released"] = DynamoDbValue.Number(0),
                        [":inProgress"] = DynamoDbValue.Text(IdempotencyAttributes.InProgress),
                        [":delivery"] = DynamoDbValue.Text(deliveryId),
                    }),
                deadline,
                cancellationToken).ConfigureAwait(false);
        }
        catch (DynamoDbConditionFailedException)
        {
            // Handed over or completed meanwhile: nothing of ours left to give back.
        }
    }

    /// <summary>
    /// The record's holder is gone (its lease ended) and this delivery may follow it: the same owner token, or
    /// none on both sides; or this delivery is the continuation the record names as pending, which may follow at
    /// once. One conditional update decides between concurrent takers; the old item says whether the watch had
    /// started. A pending token is always cleared: the record's owner is settled again.
    /// </summary>
    private async Task<ClaimResult> TakeOverAsync(RequestClaim claim, string claimId, DateTimeOffset now, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var values = OwnerValues(claim.Token);
        values[":delivery"] = DynamoDbValue.Text(claim.DeliveryId);
        values[":lease"] = DynamoDbValue.Number(claim.LeaseUntil.ToUnixTimeMilliseconds());
        values[":nowMs"] = DynamoDbValue.Number(now.ToUnixTimeMilliseconds());
        values[":nowSeconds"] = DynamoDbValue.Number(now.ToUnixTimeSeconds());
        values[":expiration"] = DynamoDbValue.Number(ExpirationFrom(now));
        values[":claimedAt"] = DynamoDbValue.Text(IsoTime.Format(now));
        values[":claimId"] = DynamoDbValue.Text(claimId);

        var owner = claim.Token is null
            ? "attribute_not_exists(#token) AND #lease < :nowMs"
            : "((#token = :previous AND #lease < :nowMs) OR #pending = :previous)";
        var update = "SET #delivery = :delivery, #lease = :lease, #expiration = :expiration, #claimedAt = :claimedAt, #claimId = :claimId"
            + (claim.Token is null ? string.Empty : ", #token = :previous") + " REMOVE #pending";
        try
        {
            var old = await dynamoDb.UpdateItemAsync(
                Update(claim.RequestId, update, $"#status = :inProgress AND #expiration >= :nowSeconds AND {owner}", values, returnOld: true),
                deadline,
                cancellationToken).ConfigureAwait(false);
            return new Claimed(IdempotencyRecord.From(old).Watch);
        }
        catch (DynamoDbConditionFailedException exception)
        {
            // Another delivery took it over first (or it completed): whatever it is now, it is not ours. Should
            // the record look free again already, this delivery comes back later rather than being dropped.
            return IdempotencyRecord.From(exception.Item).Judge(claim, now, claimId)
                ?? new HeldElsewhere("the record changed while this delivery tried to take it over", SameDelivery: true);
        }
    }

    /// <summary>The values every ownership condition needs: IN_PROGRESS, and the owner's token when it has one.</summary>
    private static Dictionary<string, DynamoDbValue> OwnerValues(string? owner)
    {
        var values = new Dictionary<string, DynamoDbValue> { [":inProgress"] = DynamoDbValue.Text(IdempotencyAttributes.InProgress) };
        if (owner is not null)
        {
            values[":previous"] = DynamoDbValue.Text(owner);
        }

        return values;
    }

    private static string OwnerCondition(string? owner) => owner is null ? "attribute_not_exists(#token)" : "#token = :previous";

    private UpdateItemInput Update(string requestId, string update, string? condition, Dictionary<string, DynamoDbValue> values, bool returnOld = false)
    {
        var expressions = update + " " + condition;
        var names = IdempotencyAttributes.Placeholders.Where(pair => expressions.Contains(pair.Key, StringComparison.Ordinal)).ToDictionary();
        return new UpdateItemInput(
            tableName,
            new() { [IdempotencyAttributes.Id] = DynamoDbValue.Text(BoundedId.For(requestId)) },
            update,
            condition,
            names,
            values,
            returnOld ? "ALL_OLD" : null,
            condition is null ? null : "ALL_OLD");
    }

    private long ExpirationFrom(DateTimeOffset now) => (now + timeToLive).ToUnixTimeSeconds();
}
