namespace ProtonCancelLambda.Requests;

/// <summary>
/// The end of one invocation shared out once, in order, so each later step keeps its own time whatever the earlier
/// ones took: Proton and SNS calls (with their retries) end at <see cref="CallsEnd"/>; the hand-over to a
/// continuation (its record write and SendMessage) at <see cref="HandOverEnd"/>; the record's last write of the
/// delivery (marking the outcome published, or the hand-over done) at <see cref="RecordEnd"/>; the batch
/// response then has the rest. An invocation that overran its deadline would be stopped with its whole batch
/// redelivered, and a redelivered request cancels again (without the table) or publishes again.
/// </summary>
/// <remarks>
/// The reserves are fixed seconds (<see cref="HandOverReserve"/>, <see cref="RecordReserve"/>,
/// <see cref="ResponseReserve"/>), but together take at most <see cref="MaxReserveShare"/> of the time the
/// invocation has: with a short function timeout (5 s or less once failed every call at once, every record then
/// ending in the dead-letter queue) they shrink in proportion, and the calls keep three quarters of the time.
/// </remarks>
public sealed record InvocationDeadlines(DateTimeOffset CallsEnd, DateTimeOffset HandOverEnd, DateTimeOffset RecordEnd, DateTimeOffset LeaseEnd)
{
    /// <summary>For the hand-over's record write and SQS SendMessage: a slow first attempt and a quick retry.</summary>
    public static readonly TimeSpan HandOverReserve = TimeSpan.FromSeconds(4);

    /// <summary>For the record's write after a publish or a send, so a slow SNS cannot leave the record IN_PROGRESS.</summary>
    public static readonly TimeSpan RecordReserve = TimeSpan.FromSeconds(1);

    /// <summary>For posting the batch response to the Runtime API.</summary>
    public static readonly TimeSpan ResponseReserve = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Beyond the invocation's deadline, Lambda has stopped the delivery for sure; the margin covers clock
    /// differences between execution environments. So a lease lasts at most the function timeout plus this.
    /// </summary>
    public static readonly TimeSpan LeaseMargin = TimeSpan.FromSeconds(10);

    public const double MaxReserveShare = 0.25;

    /// <summary>The deadlines of an invocation that ends at <paramref name="deadline"/>, computed at its start (<paramref name="now"/>).</summary>
    public static InvocationDeadlines From(DateTimeOffset deadline, DateTimeOffset now)
    {
        var reserves = HandOverReserve + RecordReserve + ResponseReserve;
        var available = deadline - now;
        var scale = available <= TimeSpan.Zero ? 0 : Math.Min(1, available * MaxReserveShare / reserves);
        var recordEnd = deadline - (ResponseReserve * scale);
        var handOverEnd = recordEnd - (RecordReserve * scale);
        var leaseEnd = deadline > DateTimeOffset.MaxValue - LeaseMargin ? deadline : deadline + LeaseMargin;
        return new InvocationDeadlines(handOverEnd - (HandOverReserve * scale), handOverEnd, recordEnd, leaseEnd);
    }
}
