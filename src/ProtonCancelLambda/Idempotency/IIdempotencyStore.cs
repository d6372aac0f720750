using ProtonCancelLambda.Requests;

namespace ProtonCancelLambda.Idempotency;

/// <summary>
/// The record that gives each requestId exactly one outcome. A delivery claims it before any work; the claim
/// holds a lease until the delivery's deadline (plus a margin), so a delivery that dies lets a later one finish.
/// Once the watch has started the record keeps it (a checkpoint), so a later delivery resumes instead of
/// cancelling again; a hand-over to a continuation message names that message's token as the next owner.
/// </summary>
public interface IIdempotencyStore
{
    Task<ClaimResult> ClaimAsync(RequestClaim claim, DateTimeOffset deadline, CancellationToken cancellationToken);

    /// <summary>The cancel went through and the watch begins: a delivery that takes over resumes it.</summary>
    Task CheckpointAsync(string requestId, WatchState watch, DateTimeOffset deadline, CancellationToken cancellationToken);

    /// <summary>
    /// A continuation message with <paramref name="nextToken"/> was sent: it, and nothing older, owns the
    /// request now. Fails when the record no longer belongs to <paramref name="previousToken"/>.
    /// </summary>
    Task HandOverAsync(string requestId, string? previousToken, string nextToken, WatchState watch, DateTimeOffset deadline, CancellationToken cancellationToken);

    /// <summary>The outcome is published: every later delivery of the request completes without publishing.</summary>
    Task CompleteAsync(string requestId, string outcomeKind, DateTimeOffset deadline, CancellationToken cancellationToken);

    /// <summary>The delivery gives the request back for redelivery: its lease ends now rather than at its deadline.</summary>
    Task ReleaseAsync(string requestId, string deliveryId, DateTimeOffset deadline, CancellationToken cancellationToken);
}

/// <summary>
/// A delivery's claim: who (<paramref name="DeliveryId"/>: the SQS messageId or EventBridge event id), as
/// which owner (<paramref name="Token"/>: the continuation's token, null for the request itself), until when.
/// </summary>
public sealed record RequestClaim(string RequestId, string DeliveryId, string? Token, DateTimeOffset LeaseUntil, string? EnvironmentName);

/// <summary>What a claim found.</summary>
public abstract record ClaimResult;

/// <summary>
/// This delivery owns the request. <paramref name="Checkpoint"/> is the watch an earlier delivery had started
/// before it died: the request resumes from there and never cancels again.
/// </summary>
public sealed record Claimed(WatchState? Checkpoint) : ClaimResult;

/// <summary>The request already has its outcome: complete without publishing.</summary>
public sealed record AlreadyCompleted(string? OutcomeKind) : ClaimResult;

/// <summary>
/// Another delivery or continuation owns the request (<paramref name="Why"/> says which). When the owner is
/// this very message, delivered twice, <paramref name="SameDelivery"/> is set: it must come back later rather
/// than be deleted, since the owner's own redelivery may depend on it.
/// </summary>
public sealed record HeldElsewhere(string Why, bool SameDelivery) : ClaimResult;
