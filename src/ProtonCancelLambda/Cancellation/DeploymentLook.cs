using ProtonCancelLambda.Aws;
using ProtonCancelLambda.Aws.Proton;
using ProtonCancelLambda.Logging;
using ProtonCancelLambda.Outcomes;
using ProtonCancelLambda.Pacing;

namespace ProtonCancelLambda.Cancellation;

/// <summary>
/// The looks at one environment during one delivery: each GetEnvironment counts as a poll (the outcome reports
/// how many), and the last answer is kept for the outcome. Also turns a Proton fault into the step it means.
/// </summary>
internal sealed class DeploymentLook(IProtonEnvironments proton, string environmentName, DateTimeOffset callsEnd, int pollCount, ICallBudget? budget = null, TimeProvider? clock = null)
{
    public int PollCount { get; private set; } = pollCount;

    public ProtonEnvironment? Last { get; private set; }

    public DateTimeOffset CallsEnd => callsEnd;

    public void Observe(ProtonEnvironment environment) => Last = environment;

    public async Task<ProtonEnvironment> GetAsync(CancellationToken cancellationToken)
    {
        PollCount++;
        Last = await proton.GetEnvironmentAsync(environmentName, callsEnd, cancellationToken).ConfigureAwait(false);
        return Last;
    }

    /// <summary>
    /// A poll: a look only if the budget has a free turn now, since polls yield to the looks and cancels booked
    /// ahead. False when there was none; the watch then counts it as a missed poll.
    /// </summary>
    /// <param name="share">The share of a window's turns this poll may take (<see cref="ICallBudget.TryNowAsync"/>).</param>
    public async Task<bool> TryPollAsync(double share, CancellationToken cancellationToken)
    {
        if (budget is not null && clock is not null)
        {
            var turn = await budget.TryNowAsync(ProtonRates.GetEnvironment, share, cancellationToken).ConfigureAwait(false);
            if (turn.At is not { } at)
            {
                return false;
            }

            if (at - clock.GetUtcNow() is var wait && wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, clock, cancellationToken).ConfigureAwait(false);
            }
        }

        await GetAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// What a Proton fault that ended a step means: NOT_FOUND, an ERROR outcome for a fault no retry can fix, or
    /// (a transient one that outlived its retries) a redelivery.
    /// </summary>
    public CancellationStep Fault(AwsServiceException exception, OutcomeFactory outcomes, string requestId, LambdaLogger logger)
    {
        if (exception is ProtonException { ErrorCode: ProtonErrorCodes.ResourceNotFound })
        {
            return new Decided(outcomes.Create(OutcomeKinds.NotFound, null, PollCount, $"{exception.ErrorCode}: {exception.Message}"));
        }

        if (!exception.IsRetryable)
        {
            logger.Warn("{RequestId} failed for good: {ErrorCode}", requestId, exception.ErrorCode);
            return new Decided(outcomes.Create(OutcomeKinds.Error, Last, PollCount, $"{exception.ErrorCode}: {exception.Message}"));
        }

        logger.Warn("{RequestId} hit {ErrorCode} beyond its retries; it will be delivered again: {ErrorMessage}", requestId, exception.ErrorCode, exception.Message);
        return new TryAgainLater();
    }
}
