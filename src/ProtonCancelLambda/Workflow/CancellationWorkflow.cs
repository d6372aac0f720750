using ProtonCancelLambda.Aws;
using ProtonCancelLambda.Aws.Proton;
using ProtonCancelLambda.Continuation;
using ProtonCancelLambda.Logging;
using ProtonCancelLambda.Outcomes;
using ProtonCancelLambda.Requests;

namespace ProtonCancelLambda.Workflow;

/// <summary>
/// One request, from validation to outcome: guard on the expected deployment, cancel, then watch the
/// deployment until it leaves IN_PROGRESS and CANCELLING. A watch still running when this invocation's
/// poll window ends goes on in a continuation message; a continuation never cancels again.
/// </summary>
public sealed class CancellationWorkflow
{
    private readonly IProtonEnvironments _proton;
    private readonly IContinuationQueue? _continuations;
    private readonly WorkflowOptions _options;
    private readonly PollSchedule _schedule;
    private readonly TimeProvider _clock;
    private readonly LambdaLogger _logger;
    private readonly IWatchCheckpoint? _checkpoint;

    public CancellationWorkflow(IProtonEnvironments proton, IContinuationQueue? continuations, WorkflowOptions options, PollSchedule schedule, TimeProvider clock, LambdaLogger logger, IWatchCheckpoint? checkpoint = null)
    {
        _checkpoint = checkpoint;
        _proton = proton;
        _continuations = continuations;
        _options = options;
        _schedule = schedule;
        _clock = clock;
        _logger = logger;
    }

    /// <summary>The error code of an ERROR outcome whose cancel reached a deployment that was not the request's.</summary>
    public const string UnintendedCancelCode = "UnintendedDeploymentCancelled";

    public WorkflowOptions Options => _options;

    public async Task<WorkflowResult> RunAsync(WorkItem work, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var outcomes = OutcomeFactory.For(work, _clock);
        var watch = new Watch(work, _clock.GetUtcNow(), _options.Budget.CallsEnd(deadline), _options.Budget.HandOverEnd(deadline));
        try
        {
            return work.Request.Watch is { } resumed
                ? await ResumeAsync(watch, resumed, outcomes, cancellationToken).ConfigureAwait(false)
                : await StartAsync(watch, outcomes, cancellationToken).ConfigureAwait(false);
        }
        catch (ProtonException exception) when (exception.ErrorCode == ProtonErrorCodes.ResourceNotFound)
        {
            return new Finished(outcomes.Create(OutcomeKinds.NotFound, null, watch.PollCount, $"{exception.ErrorCode}: {exception.Message}"), null, null);
        }
        catch (AwsServiceException exception) when (!exception.IsRetryable)
        {
            _logger.Warn("{RequestId} failed for good: {ErrorCode}", work.Request.RequestId, exception.ErrorCode);
            return new Finished(outcomes.Create(OutcomeKinds.Error, watch.Environment, watch.PollCount, $"{exception.ErrorCode}: {exception.Message}"), null, null);
        }
        catch (AwsServiceException exception)
        {
            _logger.Warn("{RequestId} hit {ErrorCode} beyond its retries; it will be delivered again: {ErrorMessage}", work.Request.RequestId, exception.ErrorCode, exception.Message);
            return new TryAgainLater();
        }
    }

    private async Task<WorkflowResult> StartAsync(Watch watch, OutcomeFactory outcomes, CancellationToken cancellationToken)
    {
        var request = watch.Work.Request;
        var requestedAt = watch.Work.RequestedAt;
        ProtonEnvironment? before = null;
        if (request.ExpectedDeploymentId is not null || requestedAt is not null)
        {
            // A cancel cannot be undone, and only a look first tells whether the deployment in progress is the one
            // this request is about. That costs one GetEnvironment before every cancel with a known request time
            // (every SQS message and EventBridge event has one).
            before = await watch.GetAsync(_proton, cancellationToken).ConfigureAwait(false);
            if (DeploymentGuard.Mismatch(before, request.ExpectedDeploymentId, requestedAt) is { } mismatch)
            {
                _logger.Info("{RequestId}: {EnvironmentName} is not this request's to cancel ({Mismatch}); nothing cancelled", request.RequestId, request.EnvironmentName, mismatch);
                return new Finished(outcomes.Create(OutcomeKinds.Skipped, before, watch.PollCount, mismatch), null, null);
            }

            if (DeploymentStatuses.IsSettled(before.DeploymentStatus))
            {
                return new Finished(outcomes.Create(OutcomeKinds.NotInProgress, before, watch.PollCount), null, null);
            }
        }

        try
        {
            var cancelled = await _proton.CancelEnvironmentDeploymentAsync(request.EnvironmentName, watch.CallDeadline, cancellationToken).ConfigureAwait(false);
            watch.Observe(cancelled);
            _logger.Info("Cancel requested for {EnvironmentName}: {DeploymentStatus}", request.EnvironmentName, cancelled.DeploymentStatus);

            // A deployment can start between the look and the cancel; the cancel's answer says which one it reached.
            if (DeploymentGuard.WrongTarget(before, cancelled, request.ExpectedDeploymentId, requestedAt) is { } wrong)
            {
                _logger.Error(null, "{RequestId}: the cancel of {EnvironmentName} reached deployment {DeploymentId}, which was not this request's: {Problem}", request.RequestId, request.EnvironmentName, cancelled.LastAttemptedDeploymentId, wrong);
                return new Finished(outcomes.Create(OutcomeKinds.Error, cancelled, watch.PollCount, $"{UnintendedCancelCode}: {wrong}; that deployment is now {cancelled.DeploymentStatus}"), null, null);
            }
        }
        catch (ProtonException exception) when (exception.ErrorCode is ProtonErrorCodes.Validation or ProtonErrorCodes.Conflict)
        {
            // Proton does not document which error a cancel of a deployment that is not IN_PROGRESS gets, so
            // both are read the same way: look at the environment and decide.
            var current = await watch.GetAsync(_proton, cancellationToken).ConfigureAwait(false);
            if (current.DeploymentStatus == DeploymentStatuses.InProgress)
            {
                // Still running after the refusal: nobody is cancelling it, so watching would only report its end.
                _logger.Warn("{RequestId}: Proton refused to cancel {EnvironmentName} ({ErrorCode}) while it is {DeploymentStatus}", request.RequestId, request.EnvironmentName, exception.ErrorCode, current.DeploymentStatus);
                var refusal = $"{exception.ErrorCode}: Proton refused the cancel while deployment {current.LastAttemptedDeploymentId ?? "(none)"} is still IN_PROGRESS: {exception.Message}";
                return new Finished(outcomes.Create(OutcomeKinds.Error, current, watch.PollCount, refusal), null, null);
            }

            if (IsOwnEarlierAttempt(exception, before, current))
            {
                _logger.Info("{RequestId}: an earlier attempt of this cancel reached {EnvironmentName}, now {DeploymentStatus}; watching it", request.RequestId, request.EnvironmentName, current.DeploymentStatus);
            }
            else if (DeploymentStatuses.IsSettled(current.DeploymentStatus))
            {
                return new Finished(outcomes.Create(OutcomeKinds.NotInProgress, current, watch.PollCount), null, null);
            }
            else
            {
                _logger.Info("{RequestId}: {EnvironmentName} is already {DeploymentStatus} ({ErrorCode} on cancel); watching it", request.RequestId, request.EnvironmentName, current.DeploymentStatus, exception.ErrorCode);
            }
        }

        // The deployment checked before the cancel is the one to watch: a different one later is reported as such.
        watch.DeploymentId = before?.LastAttemptedDeploymentId ?? watch.Environment!.LastAttemptedDeploymentId;
        if (_checkpoint is not null)
        {
            await _checkpoint.WatchStartedAsync(watch.ToContinuation(), watch.CallDeadline, cancellationToken).ConfigureAwait(false);
        }

        return await WatchAsync(watch, outcomes, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A retried cancel whose earlier attempt went unanswered (timeout, broken connection, 5xx) may have been
    /// carried out: the retry is then refused because the deployment is already CANCELLING or CANCELLED. When
    /// that deployment is the one seen in progress just before (or none was looked at), the cancellation is
    /// this request's own.
    /// </summary>
    private static bool IsOwnEarlierAttempt(ProtonException refusal, ProtonEnvironment? before, ProtonEnvironment current) =>
        refusal.EarlierAttemptMayHaveTakenEffect
        && current.DeploymentStatus is DeploymentStatuses.Cancelling or DeploymentStatuses.Cancelled
        && (before is null || before.LastAttemptedDeploymentId == current.LastAttemptedDeploymentId);

    private async Task<WorkflowResult> ResumeAsync(Watch watch, WatchState resumed, OutcomeFactory outcomes, CancellationToken cancellationToken)
    {
        watch.Since = resumed.Since;
        watch.PollCount = resumed.PollCount;
        watch.DeploymentId = resumed.DeploymentId;
        await watch.GetAsync(_proton, cancellationToken).ConfigureAwait(false);
        return await WatchAsync(watch, outcomes, cancellationToken).ConfigureAwait(false);
    }

    private async Task<WorkflowResult> WatchAsync(Watch watch, OutcomeFactory outcomes, CancellationToken cancellationToken)
    {
        while (true)
        {
            var environment = watch.Environment!;
            if (watch.DeploymentId is { } watched && environment.LastAttemptedDeploymentId is { } latest && latest != watched)
            {
                return watch.Finish(outcomes.Create(OutcomeKinds.NotInProgress, environment, watch.PollCount, $"deployment {watched} was superseded by {latest} before its end was seen"), _clock);
            }

            if (DeploymentStatuses.IsSettled(environment.DeploymentStatus))
            {
                return watch.Finish(outcomes.Create(OutcomeFactory.ForSettledStatus(environment.DeploymentStatus), environment, watch.PollCount), _clock);
            }

            var now = _clock.GetUtcNow();
            var watchEnd = watch.Since + _options.MaxWatch;
            if (now >= watchEnd)
            {
                var error = $"still {environment.DeploymentStatus} after {_options.MaxWatch.TotalSeconds:0} s (MAX_WATCH_SECONDS)";
                return watch.Finish(outcomes.Create(OutcomeKinds.TimedOut, environment, watch.PollCount, error), _clock);
            }

            var delay = _schedule.NextDelay(now - watch.Since);
            if (now + delay > watchEnd)
            {
                delay = watchEnd - now;
            }

            // The poll window counts from the start of the watch when the queue can delay the continuation: the
            // first invocation polls through it, and each later one polls once and hands over, since time spent
            // waiting in a delayed message is not billed (a 10-minute watch then bills ~15 s, not ~80 s).
            var windowStart = _continuations is { DelaysDelivery: true } ? watch.Since : watch.StartedAt;
            var windowEnd = _continuations is null ? watch.CallDeadline : Min(windowStart + _options.PollWindow, watch.CallDeadline);
            if (now + delay > windowEnd)
            {
                if (_continuations is null)
                {
                    var error = $"still {environment.DeploymentStatus} when the invocation ended; set REQUEST_QUEUE_URL so the watch can go on in a later invocation";
                    return watch.Finish(outcomes.Create(OutcomeKinds.TimedOut, environment, watch.PollCount, error), _clock);
                }

                await _continuations.ScheduleAsync(watch.ToContinuation(), delay, watch.HandOverDeadline, cancellationToken).ConfigureAwait(false);
                _logger.Info("{RequestId}: {EnvironmentName} still {DeploymentStatus}; watch continues in {DelaySeconds} s", watch.Work.Request.RequestId, watch.Work.Request.EnvironmentName, environment.DeploymentStatus, Math.Ceiling(delay.TotalSeconds));
                return new HandedOver(delay);
            }

            await Task.Delay(delay, _clock, cancellationToken).ConfigureAwait(false);
            try
            {
                await watch.GetAsync(_proton, cancellationToken).ConfigureAwait(false);
            }
            catch (AwsServiceException exception) when (exception.IsRetryable)
            {
                // The deployment is known to be settling; a failed look is just a missed poll.
                _logger.Warn("{RequestId}: poll failed with {ErrorCode}; polling on", watch.Work.Request.RequestId, exception.ErrorCode);
            }
        }
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    /// <summary>The state of one watch: what was last seen, how often, since when.</summary>
    private sealed class Watch(WorkItem work, DateTimeOffset startedAt, DateTimeOffset callDeadline, DateTimeOffset handOverDeadline)
    {
        public WorkItem Work { get; } = work;

        public DateTimeOffset StartedAt { get; } = startedAt;

        /// <summary>Proton calls and their retries end by then, leaving the hand-over and the response their time.</summary>
        public DateTimeOffset CallDeadline { get; } = callDeadline;

        /// <summary>The continuation SendMessage ends by then.</summary>
        public DateTimeOffset HandOverDeadline { get; } = handOverDeadline;

        public DateTimeOffset Since { get; set; } = startedAt;

        public int PollCount { get; set; }

        public string? DeploymentId { get; set; }

        public ProtonEnvironment? Environment { get; private set; }

        public void Observe(ProtonEnvironment environment) => Environment = environment;

        public async Task<ProtonEnvironment> GetAsync(IProtonEnvironments proton, CancellationToken cancellationToken)
        {
            PollCount++;
            Environment = await proton.GetEnvironmentAsync(Work.Request.EnvironmentName, CallDeadline, cancellationToken).ConfigureAwait(false);
            return Environment;
        }

        public Finished Finish(Outcome outcome, TimeProvider clock) =>
            new(outcome, clock.GetUtcNow() - Since, ToContinuation());

        public ContinuationRequest ToContinuation() =>
            new(Work.Request with { Watch = new WatchState(Since, PollCount, DeploymentId, Work.Source, Work.RequestedAt, Work.Request.Watch?.Token) });
    }
}
