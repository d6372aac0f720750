namespace ProtonCancelLambda.Aws.Http;

/// <summary>
/// An AWS error reduced to what every protocol has: the code and the message; <paramref name="Type"/> is the
/// Query protocol's Sender/Receiver when given. A protocol whose errors carry more (DynamoDB's failed item)
/// derives from it.
/// </summary>
internal record AwsErrorResponse(string Code, string Message, string? Type = null);
