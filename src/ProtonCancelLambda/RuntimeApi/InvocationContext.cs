namespace ProtonCancelLambda.RuntimeApi;

/// <summary>What Lambda tells the function about one invocation, from the Runtime API's headers.</summary>
public sealed record InvocationContext(
    string RequestId,
    DateTimeOffset Deadline,
    string? InvokedFunctionArn,
    string? TraceId)
{
    public TimeSpan RemainingTime(TimeProvider clock) => Deadline - clock.GetUtcNow();
}
