using ProtonCancelLambda.Requests;

namespace ProtonCancelLambda.Cancellation;

/// <summary>
/// Hands an unsettled watch to a later invocation: the request, with its watch, comes back after <c>delay</c>.
/// Transient faults are retried inside until the deadline; what is left throws.
/// </summary>
public interface IContinuationQueue
{
    /// <summary>
    /// True when the queue holds each message back for its delay (an SQS standard queue). Then waiting between
    /// polls costs nothing in the queue, while waiting inside an invocation is billed, so a resumed watch polls
    /// once and hands over again. A FIFO queue takes no per-message delay: its continuations poll through a window.
    /// </summary>
    bool DelaysDelivery => true;

    Task SendAsync(CancelRequest request, WatchState watch, TimeSpan delay, DateTimeOffset deadline, CancellationToken cancellationToken);

    /// <summary>
    /// Sends a request that has not begun back to the queue, after <paramref name="delay"/>, as a new message with
    /// its request time kept (<paramref name="requestedAt"/>), so the time rules judge it as first sent, naming the
    /// delivery it stands in for (<paramref name="putBackOf"/>, see <see cref="Delivery.ClaimId"/>).
    /// </summary>
    Task PutBackAsync(CancelRequest request, DateTimeOffset? requestedAt, string putBackOf, TimeSpan delay, DateTimeOffset deadline, CancellationToken cancellationToken);
}
