using ProtonCancelLambda.Aws;
using ProtonCancelLambda.Aws.Proton;
using ProtonCancelLambda.Logging;
using ProtonCancelLambda.Outcomes;
using ProtonCancelLambda.Pacing;
using ProtonCancelLambda.Requests;

namespace ProtonCancelLambda.Cancellation;

/// <summary>
/// Watches a cancelled deployment until it leaves IN_PROGRESS and CANCELLING, within this invocation's poll
/// window; a watch still running when the window ends is to go on in a continuation message. Never cancels.
/// Polls take only turns the call budget has free, so watches never hold up the cancels booked ahead of them.
/// </summary>
public sealed class WatchLoop(IProtonEnvironments proton, IContinuationQueue? continuations, CancellationOptions options, PollSchedule schedule, ICallBudget budget, TimeProvider clock, LambdaLogger logger)
{
    /// <param name="lastSeen">The cancel's answer when the watch has just begun; null when resuming, which looks first.</param>
    public async Task<CancellationStep> RunAsync(Delivery delivery, CancelRequest request, WatchState watch, ProtonEnvironment? lastSeen, OutcomeFactory outcomes, CancellationToken cancellationToken)
    {
        var look = new DeploymentLook(proton, request.EnvironmentName, delivery.Deadlines.CallsEnd, watch.PollCount, budget, clock);
        try
        {
            if (lastSeen is not null)
            {
                look.Observe(lastSeen);
            }
            else if (!await look.TryPollAsync(schedule.ShareOfTurns(clock.GetUtcNow() - watch.Since), cancellationToken).ConfigureAwait(false))
            {
                // No turn free: a resumed watch comes back later, as after a poll that saw it settling; only its last
                // look before MAX_WATCH_SECONDS goes ahead without one, so that it can end.
                var now = clock.GetUtcNow();
                var delay = schedule.NextDelay(now - watch.Since);
                if (continuations is { DelaysDelivery: true } && now + delay < watch.Since + options.MaxWatch)
                {
                    logger.Info("{RequestId}: no free turn at Proton to look at {DeploymentId}; the watch looks again later", request.RequestId, watch.DeploymentId);
                    return new StillSettling(watch, delay);
                }

                await look.GetAsync(cancellationToken).ConfigureAwait(false);
            }

            return await PollAsync(request.RequestId, watch, look, outcomes, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException exception)
        {
            return look.Fault(exception, outcomes, request.RequestId, logger);
        }
    }

    private async Task<CancellationStep> PollAsync(string requestId, WatchState watch, DeploymentLook look, OutcomeFactory outcomes, CancellationToken cancellationToken)
    {
        var startedAt = clock.GetUtcNow();
        var missed = 0;
        while (true)
        {
            var environment = look.Last!;
            if (watch.DeploymentId is { } watched && environment.LastAttemptedDeploymentId is { } latest && latest != watched)
            {
                return Finish(watch, look, outcomes.Create(OutcomeKinds.NotInProgress, environment, look.PollCount, $"deployment {watched} was superseded by {latest} before its end was seen"));
            }

            if (DeploymentStatuses.IsSettled(environment.DeploymentStatus))
            {
                return Finish(watch, look, outcomes.Create(OutcomeFactory.ForSettledStatus(environment.DeploymentStatus), environment, look.PollCount));
            }

            var now = clock.GetUtcNow();
            var watchEnd = watch.Since + options.MaxWatch;
            if (now >= watchEnd)
            {
                var error = $"still {environment.DeploymentStatus} after {options.MaxWatch.TotalSeconds:0} s (MAX_WATCH_SECONDS)";
                return Finish(watch, look, outcomes.Create(OutcomeKinds.TimedOut, environment, look.PollCount, error));
            }

            var delay = schedule.NextDelay(now - watch.Since, missed);
            if (now + delay > watchEnd)
            {
                delay = watchEnd - now;
            }

            // The poll window counts from the start of the watch when the queue can delay the continuation: the
            // first invocation polls through it, and each later one polls once and hands over, since time spent
            // waiting in a delayed message is not billed (a 10-minute watch then bills ~15 s, not ~80 s).
            var windowStart = continuations is { DelaysDelivery: true } ? watch.Since : startedAt;
            var windowEnd = continuations is null ? look.CallsEnd : Min(windowStart + options.PollWindow, look.CallsEnd);
            if (now + delay > windowEnd)
            {
                if (continuations is null)
                {
                    var error = $"still {environment.DeploymentStatus} when the invocation ended; set REQUEST_QUEUE_URL so the watch can go on in a later invocation";
                    return Finish(watch, look, outcomes.Create(OutcomeKinds.TimedOut, environment, look.PollCount, error));
                }

                return new StillSettling(watch with { PollCount = look.PollCount }, delay);
            }

            await Task.Delay(delay, clock, cancellationToken).ConfigureAwait(false);
            try
            {
                if (await look.TryPollAsync(schedule.ShareOfTurns(clock.GetUtcNow() - watch.Since), cancellationToken).ConfigureAwait(false))
                {
                    missed = 0;
                }
                else
                {
                    missed++;
                    logger.Debug("{RequestId}: no free turn at Proton for this poll; polling on, less often", requestId);
                }
            }
            catch (AwsServiceException exception) when (exception.IsRetryable)
            {
                // The deployment is known to be settling; a failed look is just a missed poll.
                logger.Warn("{RequestId}: poll failed with {ErrorCode}; polling on", requestId, exception.ErrorCode);
            }
        }
    }

    private Decided Finish(WatchState watch, DeploymentLook look, Outcome outcome) =>
        new(outcome, clock.GetUtcNow() - watch.Since, watch with { PollCount = look.PollCount });

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
