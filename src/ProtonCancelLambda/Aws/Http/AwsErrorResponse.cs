namespace ProtonCancelLambda.Aws.Http;

/// <summary>
/// An AWS error reduced to what every protocol has: the code and the message; <paramref name="Type"/> is the
/// Query protocol's Sender/Receiver when given.
/// </summary>
internal sealed record AwsErrorResponse(string Code, string Message, string? Type = null);
