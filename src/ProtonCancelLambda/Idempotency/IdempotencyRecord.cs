using System.Globalization;
using System.Text.Json;
using ProtonCancelLambda.Aws.DynamoDb;
using ProtonCancelLambda.Continuation;
using ProtonCancelLambda.Outcomes;
using ProtonCancelLambda.Requests;

namespace ProtonCancelLambda.Idempotency;

/// <summary>One item of the idempotency table as read back, and the rule that decides whether a delivery may have it.</summary>
internal sealed record IdempotencyRecord(bool Exists, string? Status, long Lease, string? Delivery, string? Token, WatchState? Watch, string? Outcome, string? ClaimId = null)
{
    public static IdempotencyRecord From(IReadOnlyDictionary<string, DynamoDbValue>? item) =>
        item is null || item.Count == 0
            ? new IdempotencyRecord(false, null, 0, null, null, null, null)
            : new IdempotencyRecord(
                true,
                item.GetValueOrDefault(IdempotencyAttributes.Status)?.S,
                item.GetValueOrDefault(IdempotencyAttributes.Lease)?.AsNumber() ?? 0,
                item.GetValueOrDefault(IdempotencyAttributes.Delivery)?.S,
                item.GetValueOrDefault(IdempotencyAttributes.Token)?.S,
                ReadWatch(item.GetValueOrDefault(IdempotencyAttributes.Watch)?.S),
                item.GetValueOrDefault(IdempotencyAttributes.Outcome)?.S,
                item.GetValueOrDefault(IdempotencyAttributes.ClaimId)?.S);

    /// <summary>
    /// What the record means for <paramref name="claim"/>: completed, owned by someone else, or (null) free to
    /// take over: its lease ended and the claim comes from the same owner (the request itself before any
    /// hand-over, or the continuation the last hand-over named).
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

        if (Status == IdempotencyAttributes.Completed)
        {
            return new AlreadyCompleted(Outcome);
        }

        if (!string.Equals(Token, claim.Token, StringComparison.Ordinal))
        {
            return new HeldElsewhere(
                claim.Token is null ? "its watch goes on in a continuation message" : "a later continuation message owns it; this one is out of date",
                SameDelivery: false);
        }

        if (Lease >= now.ToUnixTimeMilliseconds())
        {
            var until = Timestamps.Format(DateTimeOffset.FromUnixTimeMilliseconds(Lease));
            return new HeldElsewhere($"delivery {Delivery} holds it until {until}", SameDelivery: Delivery == claim.DeliveryId);
        }

        return null;
    }

    /// <summary>The watch without its token: the record keeps the owner's token in its own attribute.</summary>
    public static string WriteWatch(WatchState watch) =>
        JsonSerializer.Serialize(ContinuationWatch.From(watch with { Token = null }), ContinuationJsonContext.Default.ContinuationWatch);

    private static WatchState? ReadWatch(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            var watch = JsonSerializer.Deserialize(json, ContinuationJsonContext.Default.ContinuationWatch);
            return watch is not null && Time(watch.Since) is { } since
                ? new WatchState(since, watch.PollCount, watch.DeploymentId, watch.Source, Time(watch.RequestedAt))
                : null;
        }
        catch (JsonException)
        {
            // An item edited by hand: without a readable checkpoint the request starts over, as without the table.
            return null;
        }
    }

    private static DateTimeOffset? Time(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time.ToUniversalTime() : null;
}
