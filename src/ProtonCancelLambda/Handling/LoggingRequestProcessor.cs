using ProtonCancelLambda.Logging;
using ProtonCancelLambda.Requests;
using ProtonCancelLambda.RuntimeApi;

namespace ProtonCancelLambda.Handling;

/// <summary>Placeholder processor until the workflow exists: logs each judgement and completes.</summary>
public sealed class LoggingRequestProcessor : IRequestProcessor
{
    private readonly LambdaLogger _logger;

    public LoggingRequestProcessor(LambdaLogger logger)
    {
        _logger = logger;
    }

    public Task<ProcessingResult> ProcessAsync(IncomingRequest request, InvocationContext context, CancellationToken cancellationToken)
    {
        switch (request.Parsed)
        {
            case AcceptedRequest accepted:
                _logger.Info("Accepted {RequestId} for {EnvironmentName}", accepted.RequestId, accepted.Request.EnvironmentName);
                break;
            case RejectedRequest rejected:
                _logger.Warn("Rejected {RequestId}: {Problem}", rejected.RequestId, rejected.Problem);
                break;
        }

        return Task.FromResult(ProcessingResult.Completed);
    }
}
