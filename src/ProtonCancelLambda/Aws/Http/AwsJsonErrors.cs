using System.Text.Json.Serialization;

namespace ProtonCancelLambda.Aws.Http;

/// <summary>What the AWS JSON protocols (1.0 and 1.1) put in an error: the shape id in <c>__type</c>, and a message.</summary>
internal static class AwsJsonErrors
{
    /// <summary><c>com.amazonaws.proton#ConflictException:http://...</c> → <c>ConflictException</c>.</summary>
    public static string? CodeOf(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        var code = raw.AsSpan();
        var hash = code.LastIndexOf('#');
        if (hash >= 0)
        {
            code = code[(hash + 1)..];
        }

        var colon = code.IndexOf(':');
        if (colon >= 0)
        {
            code = code[..colon];
        }

        code = code.Trim();
        return code.IsEmpty ? null : code.ToString();
    }
}

/// <summary>An AWS JSON error body. Services spell the message member either way.</summary>
internal sealed record AwsJsonErrorBody(
    [property: JsonPropertyName("__type")] string? Type,
    [property: JsonPropertyName("message")] string? LowerMessage,
    [property: JsonPropertyName("Message")] string? UpperMessage);
