using ProtonCancelLambda.Aws;

namespace ProtonCancelLambda.Tests.Simulation;

/// <summary>How often a port's calls go wrong, per mille of calls.</summary>
internal sealed record FaultRates(
    int Slow,
    int Transient,
    int LostResponse,
    int RetriedAfterLostResponse,
    int CrashBefore,
    int CrashAfter)
{
    public static FaultRates Calm { get; } = new(0, 0, 0, 0, 0, 0);
}

/// <summary>
/// One port call as a step: it answers after a latency drawn from the schedule, and on the way may be slow
/// (1-30 s, past other deliveries), fail for good after its retries, lose its answer after taking effect
/// (surfacing as a retryable error, or as the answer to the client's own retry), or be where the invocation
/// crashes (before or after the call took effect). A call not answered by its deadline gives up there, having
/// taken effect or not. The effect runs when the step is taken, so a slow write lands late.
/// </summary>
/// <param name="answeredWithError">Told of every call that answers with an error (after or without taking effect).</param>
internal sealed class SimCalls(SimScheduler scheduler, Action<SimInvocation, string> crash, Action<SimInvocation, string>? answeredWithError = null)
{
    private enum Fault
    {
        None,
        Transient,
        LostResponse,
        RetriedAfterLostResponse,
        CrashBefore,
        CrashAfter,
    }

    public Task<T> Call<T>(
        string what,
        FaultRates rates,
        DateTimeOffset deadline,
        CancellationToken cancellationToken,
        Func<T> effect,
        Func<string, string, AwsServiceException> error,
        Action? tookEffectUnanswered = null)
    {
        var owner = scheduler.Current ?? throw new InvalidOperationException($"{what} was called outside a simulated invocation.");
        var choices = scheduler.Choices;
        var latency = choices.Chance(rates.Slow) ? choices.Milliseconds(1_000, 30_000) : choices.Milliseconds(5, 300);
        var fault = Pick(choices.Draw(1000), rates);
        var due = scheduler.Now + latency;
        var givesUp = due > deadline;
        var landedBeforeGivingUp = givesUp && choices.Chance(500);
        if (givesUp)
        {
            due = deadline > scheduler.Now ? deadline : scheduler.Now;
        }

        // Continuations run inline on the scheduler's thread, up to the invocation's next park.
        var answer = new TaskCompletionSource<T>();
        var step = scheduler.At(due, $"{owner.Name}: {what} answers{Describe(fault, givesUp)}", () => Answer(owner, what, fault, givesUp, landedBeforeGivingUp, effect, error, tookEffectUnanswered, answer), owner);
        if (cancellationToken.CanBeCanceled)
        {
            // As a client abandons its request: the call then never takes effect here.
            cancellationToken.Register(() =>
            {
                step.Cancel();
                answer.TrySetCanceled(cancellationToken);
            });
        }

        return answer.Task;
    }

    private void Answer<T>(SimInvocation owner, string what, Fault fault, bool givesUp, bool landed, Func<T> effect, Func<string, string, AwsServiceException> error, Action? tookEffectUnanswered, TaskCompletionSource<T> answer)
    {
        if (fault == Fault.CrashBefore)
        {
            crash(owner, $"crashed before {what} took effect");
            return;
        }

        if (givesUp)
        {
            if (landed && TryEffect(effect, out _, out _))
            {
                tookEffectUnanswered?.Invoke();
            }

            Fail(answer, owner, what, Ambiguous(error("RequestTimeout", $"{what}: no answer before the call's deadline")));
            return;
        }

        if (fault == Fault.Transient)
        {
            Fail(answer, owner, what, error("ThrottlingException", $"{what}: throttled past the client's retries"));
            return;
        }

        var ok = TryEffect(effect, out var result, out var failure);
        switch (fault)
        {
            case Fault.CrashAfter:
                crash(owner, $"crashed after {what} took effect, before its answer");
                return;

            case Fault.LostResponse when ok:
                tookEffectUnanswered?.Invoke();
                Fail(answer, owner, what, Ambiguous(error("InternalFailure", $"{what}: the answer was lost after the call took effect")));
                return;

            case Fault.RetriedAfterLostResponse when ok:
                // The client's own retry meets the state its first, unanswered attempt left.
                tookEffectUnanswered?.Invoke();
                ok = TryEffect(effect, out result, out failure);
                if (!ok)
                {
                    failure!.EarlierAttemptMayHaveTakenEffect = true;
                }

                break;
        }

        if (ok)
        {
            answer.TrySetResult(result!);
        }
        else
        {
            Fail(answer, owner, what, failure!);
        }
    }

    private void Fail<T>(TaskCompletionSource<T> answer, SimInvocation owner, string what, AwsServiceException error)
    {
        answeredWithError?.Invoke(owner, what);
        answer.TrySetException(error);
    }

    private static bool TryEffect<T>(Func<T> effect, out T? result, out AwsServiceException? failure)
    {
        try
        {
            result = effect();
            failure = null;
            return true;
        }
        catch (AwsServiceException exception)
        {
            result = default;
            failure = exception;
            return false;
        }
    }

    private static AwsServiceException Ambiguous(AwsServiceException exception)
    {
        exception.EarlierAttemptMayHaveTakenEffect = true;
        return exception;
    }

    private static Fault Pick(int draw, FaultRates rates)
    {
        // Faults take the top of the range, so a draw of 0 (a shrunk schedule) is always a clean call.
        var threshold = 1000;
        foreach (var (fault, perMille) in new[]
                 {
                     (Fault.Transient, rates.Transient), (Fault.LostResponse, rates.LostResponse),
                     (Fault.RetriedAfterLostResponse, rates.RetriedAfterLostResponse), (Fault.CrashBefore, rates.CrashBefore),
                     (Fault.CrashAfter, rates.CrashAfter),
                 })
        {
            threshold -= perMille;
            if (draw >= threshold)
            {
                return fault;
            }
        }

        return Fault.None;
    }

    private static string Describe(Fault fault, bool givesUp) =>
        givesUp ? " (gives up at its deadline)" : fault == Fault.None ? string.Empty : $" ({fault})";
}
