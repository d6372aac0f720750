namespace ProtonCancelLambda.Local.RuntimeEmulator;

/// <summary>An invocation that reached its deadline unanswered, and when its runtime took it.</summary>
public sealed record InvocationTimeout(InvocationResult Result, DateTimeOffset ServedAt);
