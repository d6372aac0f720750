namespace ProtonCancelLambda.RuntimeApi;

/// <summary>One event handed to the function by <c>/runtime/invocation/next</c>.</summary>
public sealed record Invocation(InvocationContext Context, byte[] Payload);
