namespace ProtonCancelLambda.Pacing;

/// <summary>
/// Turns at Proton's API, shared by every execution environment of the function, so that the fleet as a whole
/// stays within the configured rate however many instances Lambda runs.
/// </summary>
public interface ICallBudget
{
    /// <summary>
    /// Takes the earliest turn of <paramref name="operation"/> at or after <paramref name="notBefore"/>, in the order
    /// turns were asked for, if one comes by <paramref name="latest"/>; without one, says from when turns are free.
    /// </summary>
    Task<Turn> ReserveAsync(string operation, DateTimeOffset notBefore, DateTimeOffset latest, CancellationToken cancellationToken);

    /// <summary>
    /// Takes a turn only if the current window still has one among the first <paramref name="share"/> of its turns
    /// (at least one): for polls, which yield to the looks and cancels booked ahead, so watching many deployments
    /// never delays the cancel of another, and among themselves to the older watches, which have the larger share.
    /// </summary>
    Task<Turn> TryNowAsync(string operation, double share, CancellationToken cancellationToken);
}

/// <summary>A turn at <see cref="At"/>; or none, turns being free again from about <see cref="FreeFrom"/>.</summary>
public readonly record struct Turn(DateTimeOffset? At, DateTimeOffset FreeFrom)
{
    public bool Taken => At is not null;

    public static Turn Now(DateTimeOffset now) => new(now, now);
}

/// <summary>No budget: every turn is now.</summary>
public sealed class UnlimitedBudget(TimeProvider clock) : ICallBudget
{
    public Task<Turn> ReserveAsync(string operation, DateTimeOffset notBefore, DateTimeOffset latest, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return Task.FromResult(Turn.Now(notBefore > now ? notBefore : now));
    }

    public Task<Turn> TryNowAsync(string operation, double share, CancellationToken cancellationToken) => Task.FromResult(Turn.Now(clock.GetUtcNow()));
}
