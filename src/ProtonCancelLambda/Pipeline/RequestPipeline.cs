using ProtonCancelLambda.Aws;
using ProtonCancelLambda.Cancellation;
using ProtonCancelLambda.Idempotency;
using ProtonCancelLambda.Logging;
using ProtonCancelLambda.Metrics;
using ProtonCancelLambda.Outcomes;
using ProtonCancelLambda.Pacing;
using ProtonCancelLambda.Requests;

namespace ProtonCancelLambda.Pipeline;

/// <summary>
/// One delivery from claim to outcome. <see cref="RunAsync"/> holds the order of the idempotency record's steps:
/// (book Proton turns, or put back) -> claim -> cancel -> watch started -> watch -> hand over (name the next owner,
/// send, make it the owner), or publish -> published; a delivery that must come back gives its claim back. Without a table the record is
/// <see cref="NoRequestRecord"/> and the same order runs.
/// </summary>
public sealed partial class RequestPipeline : IRequestPipeline
{
    private readonly IRequestRecord _record;
    private readonly TurnBooking _booking;
    private readonly CheckAndCancel _cancel;
    private readonly WatchLoop _watchLoop;
    private readonly IContinuationQueue? _continuations;
    private readonly IOutcomePublisher _publisher;
    private readonly RequestPipelineOptions _options;
    private readonly OutcomeMetrics _metrics;
    private readonly TimeProvider _clock;
    private readonly LambdaLogger _logger;
    private readonly RequestTimeRules _rules;

    public RequestPipeline(IRequestRecord record, TurnBooking booking, CheckAndCancel cancel, WatchLoop watchLoop, IContinuationQueue? continuations, IOutcomePublisher publisher, RequestPipelineOptions options, OutcomeMetrics metrics, TimeProvider clock, LambdaLogger logger)
    {
        (_record, _booking, _cancel, _watchLoop, _continuations, _publisher) = (record, booking, cancel, watchLoop, continuations, publisher);
        (_options, _metrics, _clock, _logger) = (options, metrics, clock, logger);
        _rules = new RequestTimeRules(clock);
    }

    public async Task<ProcessingResult> RunAsync(Delivery delivery, CancellationToken cancellationToken)
    {
        var outcomes = new OutcomeFactory(delivery, _clock);
        var deadlines = delivery.Deadlines;

        // 0. Book the new request's turns at Proton before it claims anything: one that cannot have its cancel in this
        // invocation goes back to the queue untouched, so neither a throttle nor a wait costs it a receive.
        var booking = await BookAsync(delivery, cancellationToken).ConfigureAwait(false);
        if (booking is { IsFull: true })
        {
            return await PutBackAsync(delivery, booking.FreeFrom, cancellationToken).ConfigureAwait(false);
        }

        // 1. Claim, before any work: a duplicate does nothing, a takeover resumes the watch a dead delivery began. A
        // requestId recorded for another request is answered REJECTED under a record of its own, once, leaving the
        // original request's record as it was.
        var recordId = delivery.RequestId;
        var claim = await ClaimAsync(delivery, recordId, cancellationToken).ConfigureAwait(false);
        var conflict = (claim as Conflict)?.Why;
        if (conflict is not null)
        {
            recordId = $"{delivery.RequestId}#conflict#{RequestFingerprint.Of(delivery.Request!).Hash}";
            claim = await ClaimAsync(delivery, recordId, cancellationToken).ConfigureAwait(false);
        }

        switch (claim)
        {
            case null:
                return ProcessingResult.RetryLater;
            case Claimed { Checkpoint: { } checkpoint } when delivery.Watch is null && conflict is null:
                _logger.Info("{RequestId}: an earlier delivery had cancelled and was watching {DeploymentId}; delivery {DeliveryId} resumes the watch", delivery.RequestId, checkpoint.DeploymentId, delivery.Id);
                delivery = delivery with { Watch = checkpoint };
                break;
            case Claimed:
                break;
            default:
                return Duplicates.Result(claim, delivery, _logger);
        }

        // 2. Refuse what cannot go ahead. 3. Cancel, unless a watch exists (never cancel twice); 4. save the watch.
        CancellationStep step;
        if ((conflict ?? (delivery.Parsed as RejectedRequest)?.Problem ?? _rules.Problem(delivery)) is { } problem)
        {
            _logger.Warn("Rejected {RequestId}: {Problem}", delivery.RequestId, problem);
            step = new Decided(outcomes.Rejection(problem));
        }
        else if (delivery.Watch is { } resumed)
        {
            step = await _watchLoop.RunAsync(delivery, delivery.Request!, resumed, null, outcomes, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            step = await _cancel.RunAsync(delivery, delivery.Request!, booking, outcomes, cancellationToken).ConfigureAwait(false);
            if (step is WatchBegins begins)
            {
                await SaveWatchAsync(delivery, begins.Watch, cancellationToken).ConfigureAwait(false);

                // 5. Watch.
                step = await _watchLoop.RunAsync(delivery, delivery.Request!, begins.Watch, begins.LastSeen, outcomes, cancellationToken).ConfigureAwait(false);
            }
        }

        // 6. Hand the watch over; or publish, then mark the record published; or give the claim back for redelivery.
        var result = step switch
        {
            StillSettling settling => await HandOverAsync(delivery, settling.Watch, settling.Delay, cancellationToken).ConfigureAwait(false),
            Decided decided when await PublishAsync(delivery, decided, cancellationToken).ConfigureAwait(false) is { } failed => failed,
            Decided decided => await MarkPublishedAsync(delivery, recordId, decided.Outcome, cancellationToken).ConfigureAwait(false),
            _ => ProcessingResult.RetryLater,
        };
        if (result == ProcessingResult.RetryLater)
        {
            await GiveBackAsync(delivery, recordId, deadlines.RecordEnd, cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    /// <summary>
    /// Hands the watch to a continuation message. The record names the message's token first (pending), so the
    /// message is genuine the moment it exists, even if it arrives before the write that makes it the owner;
    /// a send that fails leaves this delivery the owner, to come back and hand over again.
    /// </summary>
    private async Task<ProcessingResult> HandOverAsync(Delivery delivery, WatchState watch, TimeSpan delay, CancellationToken cancellationToken)
    {
        var owner = delivery.Watch?.Token;
        string? next;
        try
        {
            next = await _record.HandingOverAsync(delivery.RequestId, owner, watch, delivery.Deadlines.HandOverEnd, cancellationToken).ConfigureAwait(false);
            await _continuations!.SendAsync(delivery.Request!, watch with { Token = next }, delay, delivery.Deadlines.HandOverEnd, cancellationToken).ConfigureAwait(false);
        }
        catch (NotTheOwnerException exception)
        {
            _logger.Info("{RequestId}: {Why}; delivery {DeliveryId} stops here", delivery.RequestId, exception.Message, delivery.Id);
            return ProcessingResult.Completed;
        }
        catch (AwsServiceException exception)
        {
            _logger.Warn("{RequestId}: the watch could not be handed over ({ErrorCode}); it will be delivered again", delivery.RequestId, exception.ErrorCode);
            return ProcessingResult.RetryLater;
        }

        try
        {
            await _record.HandedOverAsync(delivery.RequestId, owner, next, delivery.Deadlines.RecordEnd, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException exception)
        {
            _logger.Warn("{RequestId}: the continuation is sent; the record still names it pending ({ErrorCode}), which lets it take the request over", delivery.RequestId, exception.ErrorCode);
        }

        _logger.Info("{RequestId}: {EnvironmentName} still settling; watch continues in {DelaySeconds} s", delivery.RequestId, delivery.Request!.EnvironmentName, Math.Ceiling(delay.TotalSeconds));
        return ProcessingResult.Completed;
    }

    /// <summary>Null once published; else what the delivery must do: SNS failed, and the outcome must not be lost.</summary>
    private async Task<ProcessingResult?> PublishAsync(Delivery delivery, Decided decided, CancellationToken cancellationToken)
    {
        var outcome = decided.Outcome;
        try
        {
            await _publisher.PublishAsync(outcome, delivery.Deadlines.CallsEnd, cancellationToken).ConfigureAwait(false);
            _metrics.RecordOutcome(outcome, decided.TimeToSettle);
            _logger.Info("Published {Outcome} for {RequestId} ({EnvironmentName})", outcome.Kind, outcome.RequestId, outcome.EnvironmentName);
            return null;
        }
        catch (AwsServiceException exception) when (exception.MayHaveTakenEffect)
        {
            // Whatever comes next publishes the outcome again, and this attempt may have reached subscribers.
            _metrics.RecordUncertainPublish(outcome);
            _logger.Warn("{Outcome} for {RequestId} may have been published although the publish failed ({ErrorCode}); it is published again, so subscribers may see it twice", outcome.Kind, outcome.RequestId, exception.ErrorCode);
            return await RecoverAsync(delivery, decided, exception, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException exception)
        {
            return await RecoverAsync(delivery, decided, exception, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// An outcome that could not be published must not be lost. A request that was being watched comes back as a
    /// continuation, which reads the settled deployment again and publishes what it finds (a plain redelivery would
    /// cancel again and could only report NOT_IN_PROGRESS). That goes on only until MAX_WATCH_SECONDS from the
    /// watch's <c>since</c>, so an outage that never ends cannot keep a chain alive: past it, and for anything else,
    /// the record is delivered again, and the redrive policy ends it in the dead-letter queue if it keeps failing.
    /// A refusal for good (topic gone, KMS key disabled, Publish denied) goes straight to redelivery: no continuation
    /// can fix it, and one would only come back every 30 s unseen.
    /// </summary>
    private async Task<ProcessingResult> RecoverAsync(Delivery delivery, Decided decided, AwsServiceException exception, CancellationToken cancellationToken)
    {
        var outcome = decided.Outcome;
        if (!exception.IsRetryable)
        {
            _logger.Error(null, "SNS refused {Outcome} for {RequestId} for good ({ErrorCode}: {ErrorMessage}); it will be delivered again until the dead-letter queue takes it", outcome.Kind, outcome.RequestId, exception.ErrorCode, exception.Message);
            return ProcessingResult.RetryLater;
        }

        _logger.Warn("Could not publish {Outcome} for {RequestId}: {ErrorCode}", outcome.Kind, outcome.RequestId, exception.ErrorCode);
        if (decided.Watch is not { } watch || _continuations is null)
        {
            return ProcessingResult.RetryLater;
        }

        if (_clock.GetUtcNow() >= watch.Since + _options.MaxWatch)
        {
            _logger.Warn("{RequestId}: watched since {Since}, past MAX_WATCH_SECONDS; {Outcome} is left to redelivery", outcome.RequestId, IsoTime.Format(watch.Since), outcome.Kind);
            return ProcessingResult.RetryLater;
        }

        var result = await HandOverAsync(delivery, watch, _options.RepublishDelay, cancellationToken).ConfigureAwait(false);
        if (result == ProcessingResult.Completed)
        {
            _logger.Info("{RequestId}: {Outcome} will be published by a continuation", outcome.RequestId, outcome.Kind);
        }

        return result;
    }

    /// <summary>
    /// After the publish, with time of its own (<see cref="InvocationDeadlines.RecordEnd"/>), so a slow SNS cannot
    /// leave the record IN_PROGRESS for a later duplicate to publish again.
    /// </summary>
    private async Task<ProcessingResult> MarkPublishedAsync(Delivery delivery, string recordId, Outcome outcome, CancellationToken cancellationToken)
    {
        try
        {
            await _record.PublishedAsync(recordId, outcome.Kind, delivery.Deadlines.RecordEnd, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException exception)
        {
            // The outcome is out: failing now would publish it again. The record stays IN_PROGRESS with its
            // checkpoint, so only a later duplicate that takes it over (after the lease) could repeat it.
            _logger.Warn("{RequestId}: {Outcome} is published but the idempotency record could not be marked completed ({ErrorCode})", outcome.RequestId, outcome.Kind, exception.ErrorCode);
        }

        return ProcessingResult.Completed;
    }
}
