namespace ProtonCancelLambda.Pacing;

/// <summary>
/// Books a new request's turns at Proton before it claims anything: the cancel first (the scarcer turn), then the
/// look just before it, so the look still tells which deployment the cancel will reach. A request that cannot
/// have its cancel within this invocation goes back to the queue as it came, for about as long as the turns ahead
/// of it take, instead of failing for a throttle. A request waits in the invocation for a turn within it: measured
/// on the fleet, sending back any request whose turn was more than 10 s off left turns unused while the put-back
/// requests were away (200 requests, MaximumConcurrency 10: 1.42x the bound instead of 1.16x) and billed more,
/// not less (156 GB-s instead of 127), since an invocation bills its poll window whatever its records wait.
/// </summary>
public sealed class TurnBooking(ICallBudget budget, ProtonRates rates, TimeProvider clock, Func<double> random)
{
    /// <summary>How long before its cancel a request's look is booked.</summary>
    public static readonly TimeSpan LookLead = TimeSpan.FromSeconds(1);

    /// <summary>How far after a look that came too late the next booking starts.</summary>
    private static readonly TimeSpan LookToCancel = TimeSpan.FromMilliseconds(50);

    /// <summary>Bookings tried before the request goes back to the queue.</summary>
    private const int MaxAttempts = 3;

    /// <summary>The time a booked call keeps for itself before the invocation's calls end.</summary>
    public static readonly TimeSpan CallReserve = TimeSpan.FromSeconds(2);

    /// <summary>SQS's longest DelaySeconds.</summary>
    private static readonly TimeSpan MaxPutBack = TimeSpan.FromSeconds(900);

    public bool Paces => rates.AnyPaced;

    /// <summary>Books the cancel (and the look, <paramref name="withLook"/>) to be made before <paramref name="callsEnd"/>.</summary>
    public async Task<Booking> BookAsync(bool withLook, DateTimeOffset callsEnd, CancellationToken cancellationToken)
    {
        var latest = callsEnd - CallReserve;
        var notBefore = clock.GetUtcNow();
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var cancel = await budget.ReserveAsync(ProtonRates.CancelEnvironmentDeployment, notBefore, latest, cancellationToken).ConfigureAwait(false);
            if (cancel.At is not { } cancelAt)
            {
                return Booking.Full(cancel.FreeFrom);
            }

            if (!withLook)
            {
                return new Booking(null, cancelAt, cancelAt);
            }

            var look = await budget.ReserveAsync(ProtonRates.GetEnvironment, cancelAt - LookLead, latest, cancellationToken).ConfigureAwait(false);
            if (look.At is not { } lookAt)
            {
                return Booking.Full(look.FreeFrom);
            }

            if (lookAt < cancelAt)
            {
                return new Booking(lookAt, cancelAt, cancelAt);
            }

            // The look's turn falls after the cancel's (this window's GetEnvironment turns taken by polls). Going out
            // after its look would put the cancel in another request's turn, and a later cancel turn alone could leave
            // the look long before it (one cancel every 90 s: a deployment started in between and was cancelled,
            // paced simulation seed 8kjCesdU0bP4). Both are booked again, from after this look: those turns are lost.
            notBefore = lookAt + LookToCancel;
        }

        return Booking.Full(notBefore);
    }

    /// <summary>
    /// How long a request that found no turn waits in the queue: between half and all of the time until turns are
    /// free, at random, so the requests put back together do not come back together.
    /// </summary>
    public TimeSpan PutBackDelay(DateTimeOffset freeFrom)
    {
        var wait = (freeFrom - clock.GetUtcNow()) * (0.5 + (0.5 * random()));
        return wait < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : wait > MaxPutBack ? MaxPutBack : wait;
    }
}

/// <summary>A request's booked turns (the look's null when it needs none), or, when full, from when turns are free.</summary>
public sealed record Booking(DateTimeOffset? LookAt, DateTimeOffset? CancelAt, DateTimeOffset FreeFrom)
{
    public bool IsFull => CancelAt is null;

    public static Booking Full(DateTimeOffset freeFrom) => new(null, null, freeFrom);
}
