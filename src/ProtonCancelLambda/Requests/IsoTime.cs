using System.Globalization;
using System.Text.RegularExpressions;

namespace ProtonCancelLambda.Requests;

/// <summary>
/// The one type for ISO 8601 times. Written always as RFC 3339 UTC with milliseconds. Read strictly (the RFC 3339
/// profile JSON Schema's date-time names, offset required) wherever a producer or this function wrote the time:
/// <c>requestedAt</c>, a watch, the idempotency record. A time without an offset means a different instant on
/// every machine, and these decide whether a deployment may be cancelled.
/// </summary>
/// <remarks>
/// The one leniency is <see cref="ReadAws"/>, for times AWS writes (EventBridge's <c>time</c>): AWS documents them
/// as UTC, so a missing offset is read as UTC there rather than refusing an event AWS itself produced.
/// </remarks>
public static partial class IsoTime
{
    public static string Format(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static string? Format(DateTimeOffset? value) => value is { } v ? Format(v) : null;

    public static bool TryParse(string? text, out DateTimeOffset value)
    {
        value = default;
        if (text is null || !Strict().IsMatch(text))
        {
            return false;
        }

        return TryRead(text, DateTimeStyles.None, out value);
    }

    /// <summary>A strict time, or null.</summary>
    public static DateTimeOffset? Parse(string? text) => TryParse(text, out var value) ? value : null;

    /// <summary>A time AWS wrote: the strict form, or the same without an offset, which AWS means as UTC.</summary>
    public static DateTimeOffset? ReadAws(string? text) =>
        text is not null && AwsShape().IsMatch(text) && TryRead(text, DateTimeStyles.AssumeUniversal, out var value) ? value : null;

    private static bool TryRead(string text, DateTimeStyles styles, out DateTimeOffset value)
    {
        var ok = DateTimeOffset.TryParse(text.ToUpperInvariant(), CultureInfo.InvariantCulture, styles, out var parsed);
        value = parsed.ToUniversalTime();
        return ok;
    }

    // .NET's parser alone also takes "11/24/2026" or "Tuesday"; this keeps the field to the one format the schema names.
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,7})?([Zz]|[+-]\d{2}:\d{2})\z")]
    private static partial Regex Strict();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,7})?([Zz]|[+-]\d{2}:\d{2})?\z")]
    private static partial Regex AwsShape();
}
