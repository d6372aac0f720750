namespace ProtonCancelLambda.Pipeline;

/// <summary>How one request ended for the event source.</summary>
public enum ProcessingResult
{
    /// <summary>Its outcome is published, a continuation queued, or it is a duplicate with nothing to do: the delivery is done.</summary>
    Completed,

    /// <summary>
    /// Deliver it again later (safe: the work is idempotent): a fault outlived its retries, SNS refused the outcome
    /// for good (redelivery ends in the dead-letter queue), or another copy of this delivery still holds the request.
    /// </summary>
    RetryLater,
}
