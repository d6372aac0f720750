using System.Collections.Frozen;

namespace ProtonCancelLambda.Tests.Simulation;

/// <summary>The ways a request may, by design, get a second outcome notification.</summary>
internal enum DuplicateWindow
{
    /// <summary>The invocation died after SNS took the outcome and before the record was marked completed.</summary>
    CrashBetweenPublishAndCompletion,

    /// <summary>SNS took the outcome but its answer was lost (timeout, 5xx, broken connection): no way to tell it was published.</summary>
    PublishAnswerLost,

    /// <summary>
    /// A record write of the invocation failed after it had published (the completion, throttled past its retries
    /// or out of time): the record stays IN_PROGRESS and a later delivery may publish again. docs/INTEGRATING.md names it.
    /// </summary>
    RecordWriteFailedAfterPublish,
}

internal enum ViolationKind
{
    /// <summary>No outcome, not in the dead-letter queue, nothing left in flight: nobody will ever hear of the request.</summary>
    Stranded,

    /// <summary>Still going at the simulation's horizon (hours past MAX_WATCH_SECONDS and every redelivery).</summary>
    NeverSettled,

    /// <summary>More outcomes than one plus the documented windows the schedule went through.</summary>
    DuplicateOutcome,

    /// <summary>A cancel took effect on a second deployment for one request.</summary>
    CancelledTwice,

    /// <summary>A cancel took effect on a deployment that started after the request was sent.</summary>
    CancelledLaterDeployment,

    /// <summary>A cancel call reached Proton after the request's watch had been handed to a continuation.</summary>
    CancelledAfterWatchBegan,
}

internal sealed record Violation(ViolationKind Kind, string RequestId, string Detail)
{
    public override string ToString() => $"{Kind} {RequestId}: {Detail}";
}

/// <summary>What must hold at the end of every schedule.</summary>
internal static class SimulationInvariants
{
    /// <summary>
    /// The duplicate windows the docs name; a duplicate outcome outside them is a violation. Tighten this set
    /// when a window is closed.
    /// </summary>
    public static readonly FrozenSet<DuplicateWindow> DocumentedWindows =
        new[] { DuplicateWindow.CrashBetweenPublishAndCompletion, DuplicateWindow.PublishAnswerLost, DuplicateWindow.RecordWriteFailedAfterPublish }.ToFrozenSet();

    /// <summary>Added to a stranded request's violation when a continuation of it arrived before its sender had finished.</summary>
    public const string HandOverRace = " (a continuation was delivered while the invocation that sent it was still at work: the hand-over race)";

    public static List<Violation> Check(SimulationWorld world, bool settled)
    {
        var violations = new List<Violation>();
        foreach (var request in world.Requests)
        {
            var id = request.RequestId;
            var outcomes = world.Topic.Outcomes.Where(outcome => outcome.RequestId == id).ToList();
            var deadLettered = world.Queue.DeadLetters.Any(message => world.RequestIdOf(message) == id) || world.Events.DeadLetters.Contains(id);
            if (outcomes.Count == 0 && !deadLettered)
            {
                violations.Add(settled
                    ? new Violation(ViolationKind.Stranded, id, "no outcome was published, it is not in the dead-letter queue, and no message of it is left" + (world.HandOverRaces.Contains(id) ? HandOverRace : string.Empty))
                    : new Violation(ViolationKind.NeverSettled, id, "no outcome yet at the simulation's horizon"));
            }

            var windows = world.Windows.Count(window => window.RequestId == id && DocumentedWindows.Contains(window.Window));
            if (outcomes.Count > 1 + windows)
            {
                var undocumented = world.Windows.Where(window => window.RequestId == id && !DocumentedWindows.Contains(window.Window)).Select(window => window.Window).Distinct().ToList();
                violations.Add(new Violation(ViolationKind.DuplicateOutcome, id, $"{outcomes.Count} outcomes ({string.Join(", ", outcomes.Select(o => $"{o.Kind} by {o.Invocation}"))}) with {windows} documented window(s) gone through{(undocumented.Count > 0 ? $"; undocumented: {string.Join(", ", undocumented)}" : string.Empty)}"));
            }

            var cancels = world.Proton.Cancels.Where(cancel => cancel.EnvironmentName == request.EnvironmentName).ToList();
            var took = cancels.Where(cancel => cancel.Took).ToList();
            if (took.Count > 1)
            {
                violations.Add(new Violation(ViolationKind.CancelledTwice, id, $"cancels took effect on {string.Join(", ", took.Select(c => c.Deployment.Id))}"));
            }

            // Proton's cancel names only the environment, so a deployment that starts while the cancel call is on its
            // way (a slow attempt, a retry) is what the call reaches: nothing the function could look at first. It
            // must then say so, ERROR UnintendedDeploymentCancelled, never a clean outcome.
            // A producer that sends a request again without saying when it asked asks again then (paced, the first copy
            // may wait in the queue while the later one is worked: paced simulation seed crf4E8JGTm31).
            foreach (var cancel in took.Where(cancel => cancel.Deployment.StartedAt > request.AskedBy(cancel.CalledAt) && !ReportedAsUnintended(cancel, outcomes)))
            {
                violations.Add(new Violation(ViolationKind.CancelledLaterDeployment, id, $"{cancel.Deployment.Id} started {(cancel.Deployment.StartedAt - request.AskedBy(cancel.CalledAt)).TotalSeconds:0.###} s after the request was sent, and was cancelled"));
            }

            if (world.ContinuationSentAt.TryGetValue(id, out var handedOver) && cancels.FirstOrDefault(cancel => cancel.At > handedOver) is { } late)
            {
                violations.Add(new Violation(ViolationKind.CancelledAfterWatchBegan, id, $"a cancel of {late.Deployment.Id} reached Proton {(late.At - handedOver).TotalSeconds:0.###} s after the watch went on in a continuation"));
            }
        }

        return violations;
    }

    private static bool ReportedAsUnintended(CancelCall cancel, IReadOnlyList<PublishedOutcome> outcomes) =>
        cancel.Deployment.StartedAt > cancel.CalledAt
        && outcomes.Count > 0
        && outcomes.All(outcome => outcome.Kind == "ERROR" && outcome.Error?.StartsWith(UnintendedCancel, StringComparison.Ordinal) == true);

    private const string UnintendedCancel = "UnintendedDeploymentCancelled";
}
