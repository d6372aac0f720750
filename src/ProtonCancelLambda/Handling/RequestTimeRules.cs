using System.Globalization;
using ProtonCancelLambda.Outcomes;
using ProtonCancelLambda.Requests;

namespace ProtonCancelLambda.Handling;

/// <summary>
/// The checks on a request that need the clock: a <c>requestedAt</c> or a <c>watch</c> that no honest producer
/// or continuation could have written. A refused request is answered REJECTED before any Proton call.
/// </summary>
/// <remarks>
/// Any producer can put a <c>watch</c> in a message. A watch skips the cancel and reports what it finds, so a
/// forged one could make the function report an outcome it never brought about; these bounds keep such a watch
/// to the window a real continuation lives in.
/// </remarks>
public sealed class RequestTimeRules(TimeSpan maxWatch, TimeProvider clock)
{
    /// <summary>How far a producer's clock may run ahead of ours.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long after MAX_WATCH_SECONDS a continuation may still arrive. The last one is due at the end of the
    /// watch; the batching window, a late receive or a redelivery after one visibility timeout can hold it back,
    /// and it must then still be answered TIMED_OUT (or with the settled status), not REJECTED.
    /// </summary>
    public static readonly TimeSpan LateContinuationGrace = TimeSpan.FromMinutes(15);

    /// <summary>The problem with <paramref name="request"/>, or null when it may go ahead.</summary>
    public string? Problem(CancelRequest request)
    {
        var now = clock.GetUtcNow();
        var problems = new List<string>();
        if (request.RequestedAt is { } requestedAt && requestedAt > now + ClockSkew)
        {
            problems.Add(Invariant($"requestedAt {Timestamps.Format(requestedAt)} is {(requestedAt - now).TotalSeconds:0} s in the future; at most {ClockSkew.TotalSeconds:0} s of clock skew is accepted"));
        }

        if (request.Watch is { } watch)
        {
            if (watch.Since > now + ClockSkew)
            {
                problems.Add(Invariant($"watch.since {Timestamps.Format(watch.Since)} is {(watch.Since - now).TotalSeconds:0} s in the future; at most {ClockSkew.TotalSeconds:0} s of clock skew is accepted"));
            }
            else if (watch.Since < now - maxWatch - LateContinuationGrace)
            {
                problems.Add(Invariant($"watch.since {Timestamps.Format(watch.Since)} is {(now - watch.Since).TotalSeconds:0} s old; no continuation outlives MAX_WATCH_SECONDS ({maxWatch.TotalSeconds:0} s) by more than {LateContinuationGrace.TotalSeconds:0} s"));
            }
        }

        return problems.Count == 0 ? null : string.Join("; ", problems);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
