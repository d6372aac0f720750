using System.Text.Json.Serialization;

namespace ProtonCancelLambda.Aws.Http;

/// <summary>An AWS JSON error body. Services spell the message member either way; DynamoDB's adds the failed item.</summary>
internal record AwsJsonErrorBody(
    [property: JsonPropertyName("__type")] string? Type,
    [property: JsonPropertyName("message")] string? LowerMessage,
    [property: JsonPropertyName("Message")] string? UpperMessage);
