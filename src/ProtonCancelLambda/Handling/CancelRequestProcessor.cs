using ProtonCancelLambda.Aws;
using ProtonCancelLambda.Continuation;
using ProtonCancelLambda.Logging;
using ProtonCancelLambda.Metrics;
using ProtonCancelLambda.Outcomes;
using ProtonCancelLambda.Requests;
using ProtonCancelLambda.RuntimeApi;
using ProtonCancelLambda.Workflow;

namespace ProtonCancelLambda.Handling;

/// <summary>
/// From a parsed request to exactly one published outcome (or a continuation): rejected requests are
/// answered REJECTED, accepted ones run the workflow. Decides what the event source must redo.
/// </summary>
public sealed class CancelRequestProcessor : IRequestProcessor
{
    private readonly CancellationWorkflow _workflow;
    private readonly RequestTimeRules _timeRules;
    private readonly IOutcomePublisher _publisher;
    private readonly IContinuationQueue? _continuations;
    private readonly OutcomeMetrics _metrics;
    private readonly TimeProvider _clock;
    private readonly LambdaLogger _logger;

    public CancelRequestProcessor(CancellationWorkflow workflow, IOutcomePublisher publisher, IContinuationQueue? continuations, OutcomeMetrics metrics, TimeProvider clock, LambdaLogger logger)
    {
        _workflow = workflow;
        _timeRules = new RequestTimeRules(workflow.Options.MaxWatch, clock);
        _publisher = publisher;
        _continuations = continuations;
        _metrics = metrics;
        _clock = clock;
        _logger = logger;
    }

    public async Task<ProcessingResult> ProcessAsync(IncomingRequest request, InvocationContext context, CancellationToken cancellationToken)
    {
        var source = request.Source;
        switch (request.Parsed)
        {
            case RejectedRequest rejected:
                _logger.Warn("Rejected {RequestId}: {Problem}", rejected.RequestId, rejected.Problem);
                return await PublishAsync(OutcomeFactory.Rejection(rejected, source, request.RequestedAt, _clock), null, null, context, cancellationToken).ConfigureAwait(false);

            case AcceptedRequest { Request: var accepted }:
                if (_timeRules.Problem(accepted) is { } problem)
                {
                    _logger.Warn("Rejected {RequestId}: {Problem}", accepted.RequestId, problem);
                    var refused = new RejectedRequest(accepted.RequestId, problem, accepted.EnvironmentName, accepted.Reason, accepted.CorrelationId);
                    return await PublishAsync(OutcomeFactory.Rejection(refused, source, accepted.RequestedAt ?? request.RequestedAt, _clock), null, null, context, cancellationToken).ConfigureAwait(false);
                }

                // The producer's requestedAt wins over the transport's time, which a DLQ redrive resets.
                var watch = accepted.Watch;
                var work = new WorkItem(accepted, watch?.Source ?? source, watch is null ? accepted.RequestedAt ?? request.RequestedAt : watch.RequestedAt ?? watch.Since);
                var result = await _workflow.RunAsync(work, context.Deadline, cancellationToken).ConfigureAwait(false);
                return result switch
                {
                    Finished finished => await PublishAsync(finished.Outcome, finished.TimeToSettle, finished.Resume, context, cancellationToken).ConfigureAwait(false),
                    TryAgainLater => ProcessingResult.RetryLater,
                    _ => ProcessingResult.Completed,
                };

            default:
                throw new InvalidOperationException($"Unknown parse result {request.Parsed.GetType().Name}.");
        }
    }

    private async Task<ProcessingResult> PublishAsync(Outcome outcome, TimeSpan? timeToSettle, ContinuationRequest? resume, InvocationContext context, CancellationToken cancellationToken)
    {
        try
        {
            // Ends early enough for a continuation to carry the outcome on if SNS fails (see DeadlineBudget).
            await _publisher.PublishAsync(outcome, _workflow.Options.Budget.CallsEnd(context.Deadline), cancellationToken).ConfigureAwait(false);
            _metrics.RecordOutcome(outcome, timeToSettle);
            _logger.Info("Published {Outcome} for {RequestId} ({EnvironmentName})", outcome.Kind, outcome.RequestId, outcome.EnvironmentName);
            return ProcessingResult.Completed;
        }
        catch (AwsServiceException exception) when (!exception.IsRetryable)
        {
            // The topic is gone, its KMS key disabled, or Publish denied: no continuation can fix that, and one
            // would only come back every REPUBLISH_DELAY_SECONDS unseen. Redelivery brings the redrive policy, the DLQ and its alarm.
            _logger.Error(null, "SNS refused {Outcome} for {RequestId} for good ({ErrorCode}: {ErrorMessage}); it will be delivered again until the dead-letter queue takes it", outcome.Kind, outcome.RequestId, exception.ErrorCode, exception.Message);
            return ProcessingResult.RetryLater;
        }
        catch (AwsServiceException exception)
        {
            _logger.Warn("Could not publish {Outcome} for {RequestId}: {ErrorCode}", outcome.Kind, outcome.RequestId, exception.ErrorCode);
            return await RecoverAsync(outcome, resume, context, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// An outcome that could not be published must not be lost. A request that was being watched comes
    /// back as a continuation, which reads the settled deployment again and publishes what it finds: a plain
    /// redelivery would cancel again and could only report NOT_IN_PROGRESS. That goes on only until
    /// MAX_WATCH_SECONDS from the watch's <c>since</c> (carried in every continuation), so an outage that never
    /// ends cannot keep a chain alive: past it, and for anything else, the record is delivered again, and the
    /// redrive policy ends it in the dead-letter queue if it keeps failing.
    /// </summary>
    private async Task<ProcessingResult> RecoverAsync(Outcome outcome, ContinuationRequest? resume, InvocationContext context, CancellationToken cancellationToken)
    {
        if (resume?.Request.Watch is not { } watch || _continuations is null)
        {
            return ProcessingResult.RetryLater;
        }

        if (_clock.GetUtcNow() >= watch.Since + _workflow.Options.MaxWatch)
        {
            _logger.Warn("{RequestId}: watched since {Since}, past MAX_WATCH_SECONDS; {Outcome} is left to redelivery", outcome.RequestId, Timestamps.Format(watch.Since), outcome.Kind);
            return ProcessingResult.RetryLater;
        }

        try
        {
            await _continuations.ScheduleAsync(resume, _workflow.Options.RepublishDelay, _workflow.Options.Budget.HandOverEnd(context.Deadline), cancellationToken).ConfigureAwait(false);
            _logger.Info("{RequestId}: {Outcome} will be published by a continuation", outcome.RequestId, outcome.Kind);
            return ProcessingResult.Completed;
        }
        catch (AwsServiceException exception)
        {
            _logger.Warn("{RequestId}: continuation failed too ({ErrorCode}); it will be delivered again", outcome.RequestId, exception.ErrorCode);
            return ProcessingResult.RetryLater;
        }
    }
}
