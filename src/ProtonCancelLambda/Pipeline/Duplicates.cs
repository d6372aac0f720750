using ProtonCancelLambda.Idempotency;
using ProtonCancelLambda.Logging;
using ProtonCancelLambda.Requests;

namespace ProtonCancelLambda.Pipeline;

/// <summary>What a delivery whose claim found the request taken does: nothing, once logged.</summary>
internal static class Duplicates
{
    /// <summary>
    /// Done, except a second copy of the very message that owns the request: it comes back later rather than being
    /// deleted, since the owner's own redelivery may depend on it.
    /// </summary>
    public static ProcessingResult Result(ClaimResult claim, Delivery delivery, LambdaLogger logger)
    {
        switch (claim)
        {
            case AlreadyCompleted completed:
                logger.Info("{RequestId} already has its outcome ({Outcome}); delivery {DeliveryId} is a duplicate and publishes nothing", delivery.RequestId, completed.OutcomeKind, delivery.Id);
                return ProcessingResult.Completed;
            case HeldElsewhere { SameDelivery: true } held:
                logger.Info("{RequestId}: {Why}; this copy of delivery {DeliveryId} comes back later", delivery.RequestId, held.Why, delivery.Id);
                return ProcessingResult.RetryLater;
            case HeldElsewhere held:
                logger.Info("{RequestId}: {Why}; delivery {DeliveryId} is a duplicate and does nothing", delivery.RequestId, held.Why, delivery.Id);
                return ProcessingResult.Completed;
            default:
                throw new InvalidOperationException($"A claim that found {claim.GetType().Name} is not a duplicate.");
        }
    }
}
