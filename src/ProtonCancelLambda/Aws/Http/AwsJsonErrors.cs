using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace ProtonCancelLambda.Aws.Http;

/// <summary>What the AWS JSON protocols (1.0 and 1.1) put in an error: the shape id in <c>__type</c>, and a message.</summary>
internal static class AwsJsonErrors
{
    /// <summary>Where Proton and DynamoDB also put the error's shape id, for a body that lacks it.</summary>
    public const string ErrorTypeHeader = "x-amzn-ErrorType";

    /// <summary>
    /// The error's code (from <c>__type</c>, then the <see cref="ErrorTypeHeader"/> when
    /// <paramref name="codeInHeader"/>, then <c>Http{status}</c>), its message, and the body as read: null when it
    /// is empty or not JSON.
    /// </summary>
    public static async Task<(string Code, string Message, TBody? Body)> ReadAsync<TBody>(HttpResponseMessage response, JsonTypeInfo<TBody> bodyType, bool codeInHeader, CancellationToken cancellationToken)
        where TBody : AwsJsonErrorBody
    {
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        TBody? body = null;
        try
        {
            body = bytes.Length == 0 ? null : JsonSerializer.Deserialize(bytes, bodyType);
        }
        catch (JsonException)
        {
            // A proxy or load balancer may answer with HTML; the status code still says what happened.
        }

        var status = (int)response.StatusCode;
        var header = codeInHeader && response.Headers.TryGetValues(ErrorTypeHeader, out var values) ? values.FirstOrDefault() : null;
        var code = CodeOf(body?.Type) ?? CodeOf(header) ?? $"Http{status}";
        var message = body?.LowerMessage ?? body?.UpperMessage ?? $"HTTP {status} {response.ReasonPhrase}".TrimEnd();
        return (code, message, body);
    }

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
