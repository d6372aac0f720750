using ProtonCancelLambda.Requests;

namespace ProtonCancelLambda.Idempotency;

/// <summary>
/// The record that gives each requestId exactly one outcome, as the steps of one delivery: it is claimed before
/// any work (a lease until the delivery's deadline, so one that dies lets a later one finish); the watch is
/// saved once the cancel went through (a delivery that takes over resumes it rather than cancelling again); a
/// hand-over names the continuation's token before the message is sent, then makes it the owner; the outcome,
/// once published, completes it; a delivery that must come back gives its lease back.
/// </summary>
/// <remarks>
/// <see cref="DynamoDbRequestRecord"/> keeps it in the idempotency table; <see cref="NoRequestRecord"/> is the
/// function without one (at-least-once: every claim succeeds and nothing is kept).
/// </remarks>
public interface IRequestRecord
{
    Task<ClaimResult> ClaimAsync(RequestClaim claim, DateTimeOffset deadline, CancellationToken cancellationToken);

    /// <summary>The cancel went through and the watch begins: a delivery that takes over resumes it.</summary>
    Task WatchStartedAsync(string requestId, WatchState watch, DateTimeOffset deadline, CancellationToken cancellationToken);

    /// <summary>
    /// Names the token of the continuation about to be sent (null without a table): once sent, that message may
    /// take the request over at once. Fails when <paramref name="owner"/> (this delivery's token, null for the
    /// request itself) no longer owns the request.
    /// </summary>
    Task<string?> HandingOverAsync(string requestId, string? owner, WatchState watch, DateTimeOffset deadline, CancellationToken cancellationToken);

    /// <summary>The continuation carrying <paramref name="next"/> was sent: it, and nothing older, owns the request now.</summary>
    Task HandedOverAsync(string requestId, string? owner, string? next, DateTimeOffset deadline, CancellationToken cancellationToken);

    /// <summary>The outcome is published: every later delivery of the request completes without publishing.</summary>
    Task PublishedAsync(string requestId, string outcomeKind, DateTimeOffset deadline, CancellationToken cancellationToken);

    /// <summary>The delivery gives the request back for redelivery: its lease ends now rather than at its deadline.</summary>
    Task GiveBackAsync(string requestId, string deliveryId, DateTimeOffset deadline, CancellationToken cancellationToken);
}

/// <summary>
/// A delivery's claim: who (<paramref name="DeliveryId"/>), as which owner (<paramref name="Token"/>: the
/// continuation's token, null for the request itself), until when, for which request
/// (<paramref name="Fingerprint"/>: its environment and expected deployment; null for a request refused while parsing).
/// </summary>
public sealed record RequestClaim(string RequestId, string DeliveryId, string? Token, DateTimeOffset LeaseUntil, string? EnvironmentName, RequestFingerprint? Fingerprint = null);

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

/// <summary>The requestId is recorded for a different request (<paramref name="Why"/> names the difference): nothing may be cancelled for it.</summary>
public sealed record Conflict(string Why) : ClaimResult;
