namespace ProtonCancelLambda.Handling;

/// <summary>How one request ended for the event source.</summary>
public enum ProcessingResult
{
    /// <summary>Its outcome is published (or a continuation queued): the delivery is done.</summary>
    Completed,

    /// <summary>A transient fault outlived its retries; deliver it again later (safe: the work is idempotent).</summary>
    RetryLater,
}
