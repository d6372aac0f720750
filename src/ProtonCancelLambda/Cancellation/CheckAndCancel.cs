using ProtonCancelLambda.Aws;
using ProtonCancelLambda.Aws.Proton;
using ProtonCancelLambda.Logging;
using ProtonCancelLambda.Outcomes;
using ProtonCancelLambda.Pacing;
using ProtonCancelLambda.Requests;

namespace ProtonCancelLambda.Cancellation;

/// <summary>
/// The one step that changes a deployment: look whether the deployment in progress is this request's, cancel it,
/// and read a refusal. It ends in an outcome, or in the watch of the deployment it cancelled.
/// </summary>
public sealed class CheckAndCancel(IProtonEnvironments proton, TimeProvider clock, LambdaLogger logger)
{
    /// <summary>The error code of an ERROR outcome whose cancel reached a deployment that was not the request's.</summary>
    public const string UnintendedCancelCode = "UnintendedDeploymentCancelled";

    /// <summary>
    /// Whether the cancel is looked before. A cancel cannot be undone, and only a look first tells whether the
    /// deployment in progress is the one this request is about. That costs one GetEnvironment before every cancel
    /// with a known request time (every SQS message and EventBridge event has one).
    /// </summary>
    public static bool LooksFirst(Delivery delivery) => delivery.Request?.ExpectedDeploymentId is not null || delivery.RequestedAt is not null;

    /// <param name="booking">The turns at Proton booked for the look and the cancel; null when unpaced.</param>
    public async Task<CancellationStep> RunAsync(Delivery delivery, CancelRequest request, Booking? booking, OutcomeFactory outcomes, CancellationToken cancellationToken)
    {
        var look = new DeploymentLook(proton, request.EnvironmentName, delivery.Deadlines.CallsEnd, 0);
        try
        {
            return await CancelAsync(delivery, request, booking, look, outcomes, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException exception)
        {
            return look.Fault(exception, outcomes, request.RequestId, logger);
        }
    }

    private async Task<CancellationStep> CancelAsync(Delivery delivery, CancelRequest request, Booking? booking, DeploymentLook look, OutcomeFactory outcomes, CancellationToken cancellationToken)
    {
        var requestedAt = delivery.RequestedAt;
        ProtonEnvironment? before = null;
        if (LooksFirst(delivery))
        {
            await WaitForTurnAsync(booking?.LookAt, cancellationToken).ConfigureAwait(false);
            before = await look.GetAsync(cancellationToken).ConfigureAwait(false);
            if (DeploymentGuard.Mismatch(before, request.ExpectedDeploymentId, requestedAt) is { } mismatch)
            {
                logger.Info("{RequestId}: {EnvironmentName} is not this request's to cancel ({Mismatch}); nothing cancelled", request.RequestId, request.EnvironmentName, mismatch);
                return new Decided(outcomes.Create(OutcomeKinds.Skipped, before, look.PollCount, mismatch));
            }

            if (DeploymentStatuses.IsSettled(before.DeploymentStatus))
            {
                return new Decided(outcomes.Create(OutcomeKinds.NotInProgress, before, look.PollCount));
            }
        }

        await WaitForTurnAsync(booking?.CancelAt, cancellationToken).ConfigureAwait(false);
        var since = clock.GetUtcNow();
        try
        {
            var cancelled = await proton.CancelEnvironmentDeploymentAsync(request.EnvironmentName, look.CallsEnd, cancellationToken).ConfigureAwait(false);
            look.Observe(cancelled);
            logger.Info("Cancel requested for {EnvironmentName}: {DeploymentStatus}", request.EnvironmentName, cancelled.DeploymentStatus);

            // A deployment can start between the look and the cancel; the cancel's answer says which one it reached.
            if (DeploymentGuard.WrongTarget(before, cancelled, request.ExpectedDeploymentId, requestedAt) is { } wrong)
            {
                logger.Error(null, "{RequestId}: the cancel of {EnvironmentName} reached deployment {DeploymentId}, which was not this request's: {Problem}", request.RequestId, request.EnvironmentName, cancelled.LastAttemptedDeploymentId, wrong);
                return new Decided(outcomes.Create(OutcomeKinds.Error, cancelled, look.PollCount, $"{UnintendedCancelCode}: {wrong}; that deployment is now {cancelled.DeploymentStatus}"));
            }
        }
        catch (ProtonException exception) when (exception.ErrorCode is ProtonErrorCodes.Validation or ProtonErrorCodes.Conflict)
        {
            if (await ReadRefusalAsync(exception, request, before, look, outcomes, cancellationToken).ConfigureAwait(false) is { } decided)
            {
                return decided;
            }
        }

        // The deployment checked before the cancel is the one to watch: a different one later is reported as such.
        var deploymentId = before?.LastAttemptedDeploymentId ?? look.Last!.LastAttemptedDeploymentId;
        return new WatchBegins(new WatchState(since, look.PollCount, deploymentId, delivery.Source, requestedAt), look.Last!);
    }

    private Task WaitForTurnAsync(DateTimeOffset? turn, CancellationToken cancellationToken) =>
        turn is { } at && at - clock.GetUtcNow() is var wait && wait > TimeSpan.Zero ? Task.Delay(wait, clock, cancellationToken) : Task.CompletedTask;

    /// <summary>
    /// Proton does not document which error a cancel of a deployment that is not IN_PROGRESS gets, so both are read
    /// the same way: look at the environment again and decide. Null when the deployment is to be watched.
    /// </summary>
    private async Task<Decided?> ReadRefusalAsync(ProtonException refusal, CancelRequest request, ProtonEnvironment? before, DeploymentLook look, OutcomeFactory outcomes, CancellationToken cancellationToken)
    {
        var current = await look.GetAsync(cancellationToken).ConfigureAwait(false);

        // What the refusal says about the deployment looked at before holds only while it is still the latest one:
        // a deployment that started since is not this request's, whatever its status.
        if (before is not null && before.LastAttemptedDeploymentId != current.LastAttemptedDeploymentId)
        {
            var superseded = $"Proton refused the cancel ({refusal.ErrorCode}); deployment {before.LastAttemptedDeploymentId ?? "(none)"}, looked at before, is no longer the latest: {current.LastAttemptedDeploymentId ?? "(none)"} is {current.DeploymentStatus}, and is not this request's";
            logger.Info("{RequestId}: {Problem}", request.RequestId, superseded);
            return new Decided(outcomes.Create(OutcomeKinds.Skipped, current, look.PollCount, superseded));
        }

        if (current.DeploymentStatus == DeploymentStatuses.InProgress)
        {
            // Still running after the refusal: nobody is cancelling it, so watching would only report its end.
            logger.Warn("{RequestId}: Proton refused to cancel {EnvironmentName} ({ErrorCode}) while it is {DeploymentStatus}", request.RequestId, request.EnvironmentName, refusal.ErrorCode, current.DeploymentStatus);
            var problem = $"{refusal.ErrorCode}: Proton refused the cancel while deployment {current.LastAttemptedDeploymentId ?? "(none)"} is still IN_PROGRESS: {refusal.Message}";
            return new Decided(outcomes.Create(OutcomeKinds.Error, current, look.PollCount, problem));
        }

        if (IsOwnEarlierAttempt(refusal, current))
        {
            logger.Info("{RequestId}: an earlier attempt of this cancel reached {EnvironmentName}, now {DeploymentStatus}; watching it", request.RequestId, request.EnvironmentName, current.DeploymentStatus);
            return null;
        }

        if (DeploymentStatuses.IsSettled(current.DeploymentStatus))
        {
            return new Decided(outcomes.Create(OutcomeKinds.NotInProgress, current, look.PollCount));
        }

        logger.Info("{RequestId}: {EnvironmentName} is already {DeploymentStatus} ({ErrorCode} on cancel); watching it", request.RequestId, request.EnvironmentName, current.DeploymentStatus, refusal.ErrorCode);
        return null;
    }

    /// <summary>
    /// A retried cancel whose earlier attempt went unanswered (timeout, broken connection, 5xx) may have been
    /// carried out: the retry is then refused because the deployment is already CANCELLING or CANCELLED. The
    /// deployment is the one seen before (checked by the caller) or none was looked at.
    /// </summary>
    private static bool IsOwnEarlierAttempt(ProtonException refusal, ProtonEnvironment current) =>
        refusal.EarlierAttemptMayHaveTakenEffect && current.DeploymentStatus is DeploymentStatuses.Cancelling or DeploymentStatuses.Cancelled;
}
