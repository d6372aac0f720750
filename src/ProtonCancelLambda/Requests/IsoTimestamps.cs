using System.Globalization;
using System.Text.RegularExpressions;

namespace ProtonCancelLambda.Requests;

/// <summary>
/// RFC 3339 date-times (the ISO 8601 profile JSON Schema's date-time format names), as producers write them. The offset is required: a time without one means
/// a different instant on every machine, and this one decides whether a deployment may be cancelled.
/// </summary>
public static partial class IsoTimestamps
{
    public static bool TryParse(string? text, out DateTimeOffset value)
    {
        value = default;
        if (text is null || !Shape().IsMatch(text))
        {
            return false;
        }

        if (!DateTimeOffset.TryParse(text.ToUpperInvariant(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            return false;
        }

        value = parsed.ToUniversalTime();
        return true;
    }

    // .NET's parser alone also takes "11/24/2026" or "Tuesday"; this keeps the field to the one format the schema names.
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,7})?([Zz]|[+-]\d{2}:\d{2})\z")]
    private static partial Regex Shape();
}
