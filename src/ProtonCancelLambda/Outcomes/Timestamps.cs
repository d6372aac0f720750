using System.Globalization;

namespace ProtonCancelLambda.Outcomes;

/// <summary>RFC 3339 UTC timestamps with milliseconds, as outcomes and continuations carry them.</summary>
public static class Timestamps
{
    public static string Format(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static string? Format(DateTimeOffset? value) => value is { } v ? Format(v) : null;
}
