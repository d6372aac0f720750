using ProtonCancelLambda.RuntimeApi;

namespace ProtonCancelLambda.Handling;

/// <summary>The per-request work: from a parsed request to exactly one published outcome.</summary>
public interface IRequestProcessor
{
    Task<ProcessingResult> ProcessAsync(IncomingRequest request, InvocationContext context, CancellationToken cancellationToken);
}
