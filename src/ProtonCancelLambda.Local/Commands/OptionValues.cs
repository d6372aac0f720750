using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace ProtonCancelLambda.Local.Commands;

/// <summary>
/// Options whose value must be a number in a range or an absolute URL. A value that is not one gets a message
/// naming the option, the value and what it takes (the range), not System.CommandLine's type name.
/// </summary>
internal static class OptionValues
{
    public static Option<double?> Number(string name, string helpName, string description, double min, double max) =>
        Ranged(name, helpName, description, min, max, "a number", (string text, out double value) => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value));

    public static Option<int?> WholeNumber(string name, string description, int min, int max) =>
        Ranged(name, "N", description, min, max, "a whole number", (string text, out int value) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value));

    /// <summary>A whole-number argument in a range; out of range or not a number, it is named with the range.</summary>
    public static Argument<int> WholeNumberArgument(string name, string description, int min, int max) =>
        new(name)
        {
            Description = description,
            CustomParser = result =>
            {
                var text = result.Tokens[0].Value;
                if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
                {
                    return value;
                }

                result.AddError($"{name} must be a whole number from {Format(min)} to {Format(max)}, not '{text}'.");
                return 0;
            },
        };

    public static Option<Uri?> AbsoluteUrl(string name, string description) =>
        new(name)
        {
            Description = description,
            HelpName = "URL",
            CustomParser = result =>
            {
                var text = result.Tokens[0].Value;
                if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
                {
                    return uri;
                }

                result.AddError($"{name} takes an absolute http or https URL, not '{text}'.");
                return null;
            },
        };

    /// <summary>
    /// A problem of the parsed command line as its command names it: "invoke: ..." with a pointer to --help.
    /// </summary>
    public static async Task<int> ReportUsageErrorAsync(ParseResult result, IEnumerable<string> problems, TextWriter error)
    {
        var command = result.CommandResult.Command;
        foreach (var problem in problems)
        {
            await error.WriteLineAsync($"{command.Name}: {problem}").ConfigureAwait(false);
        }

        await error.WriteLineAsync($"usage: {Usage(command)} (--help lists every option)").ConfigureAwait(false);
        return ExitCodes.Usage;
    }

    private static string Usage(Command command) => command switch
    {
        RootCommand => "invoke EVENT.json [options] | simulate --port N [options]",
        _ => command.Arguments.Count == 0 ? $"{command.Name} [options]" : $"{command.Name} {string.Join(' ', command.Arguments.Select(a => a.HelpName ?? a.Name))} [options]",
    };

    private delegate bool TryParse<T>(string text, out T value);

    private static Option<T?> Ranged<T>(string name, string helpName, string description, T min, T max, string kind, TryParse<T> tryParse)
        where T : struct, IComparable<T>, IFormattable =>
        new(name)
        {
            Description = description,
            HelpName = helpName,
            CustomParser = result =>
            {
                var text = result.Tokens[0].Value;
                if (tryParse(text, out var value) && value.CompareTo(min) >= 0 && value.CompareTo(max) <= 0)
                {
                    return value;
                }

                result.AddError($"{name} {helpName} must be {kind} from {Format(min)} to {Format(max)}, not '{text}'.");
                return null;
            },
        };

    private static string Format(IFormattable value) => value.ToString(null, CultureInfo.InvariantCulture);
}
