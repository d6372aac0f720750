using System.Text.Json.Serialization;

namespace ProtonCancelLambda.RuntimeApi;

/// <summary>The Runtime API's error body (<c>ErrorRequest</c> in the spec).</summary>
public sealed record ErrorReport(
    [property: JsonPropertyName("errorMessage")] string ErrorMessage,
    [property: JsonPropertyName("errorType")] string ErrorType,
    [property: JsonPropertyName("stackTrace")] IReadOnlyList<string> StackTrace)
{
    public static ErrorReport From(Exception exception, string? errorType = null) => new(
        exception.Message,
        errorType ?? exception.GetType().Name,
        (exception.StackTrace ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
