using ProtonCancelLambda.Requests;

namespace ProtonCancelLambda.Pipeline;

/// <summary>The per-delivery work, as the Lambda edge sees it: from a delivery to exactly one published outcome.</summary>
public interface IRequestPipeline
{
    Task<ProcessingResult> RunAsync(Delivery delivery, CancellationToken cancellationToken);
}
