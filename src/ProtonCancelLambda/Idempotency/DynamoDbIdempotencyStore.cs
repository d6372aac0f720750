using ProtonCancelLambda.Aws.DynamoDb;
using ProtonCancelLambda.Outcomes;
using ProtonCancelLambda.Requests;

namespace ProtonCancelLambda.Idempotency;

/// <summary>
/// The idempotency record in a DynamoDB table laid out as Powertools for AWS Lambda lays it out (partition key
/// <c>id</c>, TTL attribute <c>expiration</c> in epoch seconds, <c>status</c>, <c>in_progress_expiration</c>
/// in epoch milliseconds), with our own attributes beside them. Every write is one conditional PutItem or
/// UpdateItem, so concurrent deliveries settle on one owner in DynamoDB, never in this process.
/// </summary>
internal sealed class DynamoDbIdempotencyStore : IIdempotencyStore
{
    private readonly IDynamoDbItems _dynamoDb;
    private readonly string _tableName;
    private readonly TimeSpan _timeToLive;
    private readonly TimeProvider _clock;

    public DynamoDbIdempotencyStore(IDynamoDbItems dynamoDb, string tableName, TimeSpan timeToLive, TimeProvider clock)
    {
        _dynamoDb = dynamoDb;
        _tableName = tableName;
        _timeToLive = timeToLive;
        _clock = clock;
    }

    public async Task<ClaimResult> ClaimAsync(RequestClaim claim, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        var claimId = Guid.NewGuid().ToString("N");
        try
        {
            // A new request, or one whose record outlived its TTL (DynamoDB deletes expired items only
            // eventually, so an expired record counts as absent, as Powertools counts it).
            await _dynamoDb.PutItemAsync(
                new PutItemInput(
                    _tableName,
                    ClaimItem(claim, claimId, now),
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

    public Task CheckpointAsync(string requestId, WatchState watch, DateTimeOffset deadline, CancellationToken cancellationToken) =>
        _dynamoDb.UpdateItemAsync(
            Update(
                requestId,
                "SET #watch = :watch",
                "#status = :inProgress AND attribute_not_exists(#token)",
                new() { [":watch"] = DynamoDbValue.Text(IdempotencyRecord.WriteWatch(watch)), [":inProgress"] = DynamoDbValue.Text(IdempotencyAttributes.InProgress) }),
            deadline,
            cancellationToken);

    public Task HandOverAsync(string requestId, string? previousToken, string nextToken, WatchState watch, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var values = new Dictionary<string, DynamoDbValue>
        {
            [":next"] = DynamoDbValue.Text(nextToken),
            [":watch"] = DynamoDbValue.Text(IdempotencyRecord.WriteWatch(watch)),
            [":parked"] = DynamoDbValue.Number(0),
            [":expiration"] = DynamoDbValue.Number(ExpirationFrom(_clock.GetUtcNow())),
            [":inProgress"] = DynamoDbValue.Text(IdempotencyAttributes.InProgress),
        };
        if (previousToken is not null)
        {
            values[":previous"] = DynamoDbValue.Text(previousToken);
        }

        // The lease ends with the hand-over: from here the continuation message owns the request, and only a
        // delivery carrying its token may take it.
        return _dynamoDb.UpdateItemAsync(
            Update(
                requestId,
                "SET #token = :next, #watch = :watch, #lease = :parked, #expiration = :expiration",
                "#status = :inProgress AND " + (previousToken is null ? "attribute_not_exists(#token)" : "#token = :previous"),
                values),
            deadline,
            cancellationToken);
    }

    public Task CompleteAsync(string requestId, string outcomeKind, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        return _dynamoDb.UpdateItemAsync(
            Update(
                requestId,
                "SET #status = :completed, #outcome = :outcome, #completedAt = :completedAt, #expiration = :expiration",
                null,
                new()
                {
                    [":completed"] = DynamoDbValue.Text(IdempotencyAttributes.Completed),
                    [":outcome"] = DynamoDbValue.Text(outcomeKind),
                    [":completedAt"] = DynamoDbValue.Text(Timestamps.Format(now)),
                    [":expiration"] = DynamoDbValue.Number(ExpirationFrom(now)),
                }),
            deadline,
            cancellationToken);
    }

    public async Task ReleaseAsync(string requestId, string deliveryId, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        try
        {
            await _dynamoDb.UpdateItemAsync(
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
            // Handed over or completed meanwhile: nothing of ours left to release.
        }
    }

    /// <summary>
    /// The record's holder is gone (its lease ended) and this delivery may follow it: the same owner token, or
    /// none on both sides. One conditional update decides between concurrent takers; the old item says whether
    /// the watch had started.
    /// </summary>
    private async Task<ClaimResult> TakeOverAsync(RequestClaim claim, string claimId, DateTimeOffset now, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var values = new Dictionary<string, DynamoDbValue>
        {
            [":inProgress"] = DynamoDbValue.Text(IdempotencyAttributes.InProgress),
            [":delivery"] = DynamoDbValue.Text(claim.DeliveryId),
            [":lease"] = DynamoDbValue.Number(claim.LeaseUntil.ToUnixTimeMilliseconds()),
            [":nowMs"] = DynamoDbValue.Number(now.ToUnixTimeMilliseconds()),
            [":nowSeconds"] = DynamoDbValue.Number(now.ToUnixTimeSeconds()),
            [":expiration"] = DynamoDbValue.Number(ExpirationFrom(now)),
            [":claimedAt"] = DynamoDbValue.Text(Timestamps.Format(now)),
            [":claimId"] = DynamoDbValue.Text(claimId),
        };
        if (claim.Token is not null)
        {
            values[":token"] = DynamoDbValue.Text(claim.Token);
        }

        var owner = claim.Token is null ? "attribute_not_exists(#token)" : "#token = :token";
        try
        {
            var old = await _dynamoDb.UpdateItemAsync(
                Update(
                    claim.RequestId,
                    "SET #delivery = :delivery, #lease = :lease, #expiration = :expiration, #claimedAt = :claimedAt, #claimId = :claimId",
                    $"#status = :inProgress AND #expiration >= :nowSeconds AND #lease < :nowMs AND {owner}",
                    values,
                    returnOld: true),
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

    private Dictionary<string, DynamoDbValue> ClaimItem(RequestClaim claim, string claimId, DateTimeOffset now)
    {
        var item = new Dictionary<string, DynamoDbValue>
        {
            [IdempotencyAttributes.Id] = DynamoDbValue.Text(IdempotencyKey.For(claim.RequestId)),
            [IdempotencyAttributes.Status] = DynamoDbValue.Text(IdempotencyAttributes.InProgress),
            [IdempotencyAttributes.Lease] = DynamoDbValue.Number(claim.LeaseUntil.ToUnixTimeMilliseconds()),
            [IdempotencyAttributes.Expiration] = DynamoDbValue.Number(ExpirationFrom(now)),
            [IdempotencyAttributes.RequestId] = DynamoDbValue.Text(claim.RequestId),
            [IdempotencyAttributes.Delivery] = DynamoDbValue.Text(claim.DeliveryId),
            [IdempotencyAttributes.ClaimedAt] = DynamoDbValue.Text(Timestamps.Format(now)),
            [IdempotencyAttributes.ClaimId] = DynamoDbValue.Text(claimId),
        };
        if (claim.Token is not null)
        {
            // A continuation whose record is gone (the table was switched on mid-watch): its redelivery must find it.
            item[IdempotencyAttributes.Token] = DynamoDbValue.Text(claim.Token);
        }

        if (claim.EnvironmentName is not null)
        {
            item[IdempotencyAttributes.EnvironmentName] = DynamoDbValue.Text(claim.EnvironmentName);
        }

        return item;
    }

    private UpdateItemInput Update(string requestId, string update, string? condition, Dictionary<string, DynamoDbValue> values, bool returnOld = false)
    {
        var expressions = update + " " + condition;
        var names = IdempotencyAttributes.Placeholders.Where(pair => expressions.Contains(pair.Key, StringComparison.Ordinal)).ToDictionary();
        return new UpdateItemInput(
            _tableName,
            new() { [IdempotencyAttributes.Id] = DynamoDbValue.Text(IdempotencyKey.For(requestId)) },
            update,
            condition,
            names,
            values,
            returnOld ? "ALL_OLD" : null,
            condition is null ? null : "ALL_OLD");
    }

    private long ExpirationFrom(DateTimeOffset now) => (now + _timeToLive).ToUnixTimeSeconds();
}
