using ProtonCancelLambda.Requests;

namespace ProtonCancelLambda.Idempotency;

/// <summary>
/// The function without an idempotency table: every delivery owns its request, nothing is kept, and continuation
/// messages carry no token. Delivery is then at-least-once (docs/INTEGRATING.md names what may repeat).
/// </summary>
public sealed class NoRequestRecord : IRequestRecord
{
    public Task<ClaimResult> ClaimAsync(RequestClaim claim, DateTimeOffset deadline, CancellationToken cancellationToken) => Task.FromResult<ClaimResult>(new Claimed(null));

    public Task WatchStartedAsync(string requestId, WatchState watch, DateTimeOffset deadline, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<string?> HandingOverAsync(string requestId, string? owner, WatchState watch, DateTimeOffset deadline, CancellationToken cancellationToken) => Task.FromResult<string?>(null);

    public Task HandedOverAsync(string requestId, string? owner, string? next, DateTimeOffset deadline, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task PublishedAsync(string requestId, string outcomeKind, DateTimeOffset deadline, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task GiveBackAsync(string requestId, string deliveryId, DateTimeOffset deadline, CancellationToken cancellationToken) => Task.CompletedTask;
}
