using System.Globalization;
using System.Text;

namespace ProtonCancelLambda.Logging;

/// <summary>Renders <c>{Name}</c> placeholders positionally and collects them as structured fields.</summary>
internal static class LogTemplate
{
    public static string Render(string template, ReadOnlySpan<object?> args, List<KeyValuePair<string, object?>> fields)
    {
        if (args.Length == 0)
        {
            return template;
        }

        var builder = new StringBuilder(template.Length + 32);
        var next = 0;
        var position = 0;
        while (position < template.Length)
        {
            var open = template.IndexOf('{', position);
            var close = open < 0 ? -1 : template.IndexOf('}', open + 1);
            if (open < 0 || close < 0)
            {
                builder.Append(template, position, template.Length - position);
                break;
            }

            builder.Append(template, position, open - position);
            var name = template.Substring(open + 1, close - open - 1);
            if (next < args.Length && name.Length > 0)
            {
                var value = args[next++];
                fields.Add(new KeyValuePair<string, object?>(name, value));
                builder.Append(Format(value));
            }
            else
            {
                builder.Append(template, open, close - open + 1);
            }

            position = close + 1;
        }

        return builder.ToString();
    }

    private static string Format(object? value) => value switch
    {
        null => "null",
        TimeSpan t => t.TotalMilliseconds.ToString("0.#", CultureInfo.InvariantCulture) + " ms",
        DateTimeOffset d => d.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
