namespace ProtonCancelLambda.RuntimeApi;

/// <summary>Turns one invocation's payload into the function's response; throws to report an invocation error.</summary>
public interface IInvocationHandler
{
    Task<byte[]> HandleAsync(Invocation invocation, CancellationToken cancellationToken);
}
