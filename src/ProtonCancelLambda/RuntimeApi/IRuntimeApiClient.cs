namespace ProtonCancelLambda.RuntimeApi;

/// <summary>The four calls a custom runtime makes to the Lambda Runtime API.</summary>
public interface IRuntimeApiClient
{
    Task<Invocation> NextInvocationAsync(CancellationToken cancellationToken);

    Task SendResponseAsync(string requestId, byte[] response, CancellationToken cancellationToken);

    Task SendInvocationErrorAsync(string requestId, ErrorReport error, CancellationToken cancellationToken);

    Task SendInitErrorAsync(ErrorReport error, CancellationToken cancellationToken);
}
