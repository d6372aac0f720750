using System.Globalization;
using ProtonCancelLambda.Requests;

namespace ProtonCancelLambda.Pipeline;

/// <summary>
/// The checks on a request that need the clock: a <c>requestedAt</c> or a watch that no honest producer or
/// continuation could have written. A refused request is answered REJECTED before any Proton call.
/// </summary>
/// <remarks>
/// Any producer can put a <c>watch</c> in a message. A watch skips the cancel and reports what it finds, so a
/// forged one could make the function report an outcome it never brought about. Only what cannot be genuine is
/// refused: a time in the future. An old watch is not: a continuation redriven from the dead-letter queue after a
/// long SNS outage is genuine however late, and reads the deployment again (TIMED_OUT when it cannot tell).
/// Through EventBridge a watch is refused at the edge; with the table on, a token the record does not name is a
/// duplicate of an older hand-over and publishes nothing.
/// </remarks>
public sealed class RequestTimeRules(TimeProvider clock)
{
    /// <summary>How far a producer's clock may run ahead of ours.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>The problem with <paramref name="delivery"/>'s request, or null when it may go ahead.</summary>
    public string? Problem(Delivery delivery)
    {
        var now = clock.GetUtcNow();
        var problems = new List<string>();
        if (delivery.Request?.RequestedAt is { } requestedAt && requestedAt > now + ClockSkew)
        {
            problems.Add(Invariant($"requestedAt {IsoTime.Format(requestedAt)} is {(requestedAt - now).TotalSeconds:0} s in the future; at most {ClockSkew.TotalSeconds:0} s of clock skew is accepted"));
        }

        if (delivery.Watch is { } watch && watch.Since > now + ClockSkew)
        {
            problems.Add(Invariant($"watch.since {IsoTime.Format(watch.Since)} is {(watch.Since - now).TotalSeconds:0} s in the future; at most {ClockSkew.TotalSeconds:0} s of clock skew is accepted"));
        }

        return problems.Count == 0 ? null : string.Join("; ", problems);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
