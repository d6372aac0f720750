using ProtonCancelLambda.Aws.DynamoDb;
using ProtonCancelLambda.Requests;

namespace ProtonCancelLambda.Idempotency;

/// <summary>One item of the idempotency table as read back, and the rule that decides whether a delivery may have it.</summary>
internal sealed record IdempotencyRecord(bool Exists, string? Status, long Lease, string? Delivery, string? Token, WatchState? Watch, string? Outcome, string? ClaimId = null)
{
    public string? PendingToken { get; init; }

    public string? Fingerprint { get; init; }

    public string? EnvironmentName { get; init; }

    public string? ExpectedDeploymentId { get; init; }

    public static IdempotencyRecord From(IReadOnlyDictionary<string, DynamoDbValue>? item) =>
        item is null || item.Count == 0
            ? new IdempotencyRecord(false, null, 0, null, null, null, null)
            : new IdempotencyRecord(
                true,
                item.GetValueOrDefault(IdempotencyAttributes.Status)?.S,
                item.GetValueOrDefault(IdempotencyAttributes.Lease)?.AsNumber() ?? 0,
                item.GetValueOrDefault(IdempotencyAttributes.Delivery)?.S,
                item.GetValueOrDefault(IdempotencyAttributes.Token)?.S,
                WatchCodec.FromJson(item.GetValueOrDefault(IdempotencyAttributes.Watch)?.S),
                item.GetValueOrDefault(IdempotencyAttributes.Outcome)?.S,
                item.GetValueOrDefault(IdempotencyAttributes.ClaimId)?.S)
            {
                PendingToken = item.GetValueOrDefault(IdempotencyAttributes.PendingToken)?.S,
                Fingerprint = item.GetValueOrDefault(IdempotencyAttributes.Fingerprint)?.S,
                EnvironmentName = item.GetValueOrDefault(IdempotencyAttributes.EnvironmentName)?.S,
                ExpectedDeploymentId = item.GetValueOrDefault(IdempotencyAttributes.ExpectedDeploymentId)?.S,
            };

    /// <summary>
    /// What the record means for <paramref name="claim"/>: completed, another request's, owned by someone else, or
    /// (null) free to take over: its lease ended and the claim comes from the same owner (the request itself before
    /// any hand-over, or the continuation the last hand-over named), or the claim carries the token named for a
    /// continuation about to be sent (its sender stops working once it has sent it).
    /// </summary>
    public ClaimResult? Judge(RequestClaim claim, DateTimeOffset now, string? claimId = null)
    {
        if (!Exists)
        {
            return null;
        }

        if (claimId is not null && ClaimId == claimId && Status == IdempotencyAttributes.InProgress)
        {
            // This very claim's write went through, but its response was lost and the retry met its own item.
            return new Claimed(Watch);
        }

        if (claim.Fingerprint is { } fingerprint && Fingerprint is not null && Fingerprint != fingerprint.Hash)
        {
            // Records written before fingerprints were kept have none, and are taken for the same request.
            var recorded = new RequestFingerprint(EnvironmentName ?? "(unknown)", ExpectedDeploymentId);
            return new Conflict($"requestId {claim.RequestId} is already recorded for another request ({recorded}); this one names {fingerprint}");
        }

        if (Status == IdempotencyAttributes.Completed)
        {
            return new AlreadyCompleted(Outcome);
        }

        if (claim.Token is not null && claim.Token == PendingToken)
        {
            return null;
        }

        if (!string.Equals(Token, claim.Token, StringComparison.Ordinal))
        {
            return new HeldElsewhere(
                claim.Token is null ? "its watch goes on in a continuation message" : "a later continuation message owns it; this one is out of date",
                SameDelivery: false);
        }

        if (Lease >= now.ToUnixTimeMilliseconds())
        {
            var until = IsoTime.Format(DateTimeOffset.FromUnixTimeMilliseconds(Lease));
            return new HeldElsewhere($"delivery {Delivery} holds it until {until}", SameDelivery: Delivery == claim.DeliveryId);
        }

        return null;
    }
}
