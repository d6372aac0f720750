using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace ProtonCancelLambda.Requests;

/// <summary>
/// Reads a cancel request from an SQS body or an EventBridge detail. Never throws for bad input: every
/// problem becomes a <see cref="RejectedRequest"/> that names it.
/// </summary>
public static class RequestParser
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 32 };

    public static RequestParseResult ParseBody(string? body, string defaultRequestId)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return new RejectedRequest(defaultRequestId, "the message body is empty; expected a JSON object with environmentName");
        }

        var size = Encoding.UTF8.GetByteCount(body);
        if (size > RequestLimits.MaxBodyBytes)
        {
            return new RejectedRequest(defaultRequestId, Invariant($"the message body is {size} bytes; at most {RequestLimits.MaxBodyBytes} are accepted"));
        }

        try
        {
            using var document = JsonDocument.Parse(body, DocumentOptions);
            return Parse(document.RootElement, defaultRequestId);
        }
        catch (JsonException exception)
        {
            return new RejectedRequest(defaultRequestId, $"the message body is not valid JSON: {exception.Message}");
        }
    }

    /// <summary>
    /// An EventBridge event's detail. The event around it was parsed with the default depth limit (64), so the
    /// SQS body's limit is applied here to the detail's own bytes: both transports refuse the same requests.
    /// </summary>
    public static RequestParseResult ParseDetail(JsonElement detail, string defaultRequestId)
    {
        var reader = new Utf8JsonReader(JsonMarshal.GetRawUtf8Value(detail), new JsonReaderOptions { MaxDepth = DocumentOptions.MaxDepth });
        try
        {
            while (reader.Read())
            {
            }
        }
        catch (JsonException exception)
        {
            return new RejectedRequest(defaultRequestId, $"the detail is nested too deeply: {exception.Message}");
        }

        return Parse(detail, defaultRequestId);
    }

    public static RequestParseResult Parse(JsonElement root, string defaultRequestId)
    {
        try
        {
            return ParseObject(root, defaultRequestId);
        }
        catch (InvalidOperationException exception)
        {
            // JsonElement.GetString throws this (not JsonException) for a lone surrogate escape such as
            // "\ud800": valid JSON text, but no valid string. Uncaught, it failed the whole SQS batch on every
            // delivery, taking the good records of the batch down with it.
            return new RejectedRequest(defaultRequestId, $"the request holds a string that is not valid Unicode ({exception.Message})");
        }
    }

    private static RequestParseResult ParseObject(JsonElement root, string defaultRequestId)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return new RejectedRequest(defaultRequestId, $"the request must be a JSON object, not {KindName(root.ValueKind)}");
        }

        var problems = new List<string>();
        var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in root.EnumerateObject())
        {
            if (!fields.TryAdd(property.Name, property.Value) && IsKnown(property.Name))
            {
                problems.Add($"{property.Name} appears more than once");
            }
        }

        var requestId = OptionalText(fields, "requestId", RequestLimits.MaxIdLength, problems);
        var environmentName = RequiredEnvironmentName(fields, problems);
        var expectedDeploymentId = OptionalText(fields, "expectedDeploymentId", RequestLimits.MaxIdLength, problems);
        var reason = OptionalText(fields, "reason", RequestLimits.MaxTextLength, problems, allowControl: true);
        var correlationId = OptionalText(fields, "correlationId", RequestLimits.MaxTextLength, problems);
        var requestedAt = OptionalTime(fields, "requestedAt", problems);
        var watch = OptionalWatch(fields, problems);
        var putBackOf = OptionalText(fields, "putBackOf", RequestLimits.MaxIdLength, problems);

        var effectiveId = requestId ?? defaultRequestId;
        if (problems.Count > 0)
        {
            return new RejectedRequest(effectiveId, string.Join("; ", problems), environmentName, reason, correlationId);
        }

        var request = new CancelRequest
        {
            EnvironmentName = environmentName!,
            RequestId = effectiveId,
            ExpectedDeploymentId = expectedDeploymentId,
            Reason = reason,
            CorrelationId = correlationId,
            RequestedAt = requestedAt,
        };
        return new AcceptedRequest(request, watch, putBackOf);
    }

    private static bool IsKnown(string name) =>
        name is "environmentName" or "requestId" or "expectedDeploymentId" or "reason" or "correlationId" or "requestedAt" or "watch" or "putBackOf";

    private static string? RequiredEnvironmentName(Dictionary<string, JsonElement> fields, List<string> problems)
    {
        if (!fields.TryGetValue("environmentName", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            problems.Add("environmentName is required");
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            problems.Add($"environmentName must be a string, not {KindName(value.ValueKind)}");
            return null;
        }

        var name = value.GetString()!;
        if (name.Length is 0 or > RequestLimits.MaxEnvironmentNameLength)
        {
            problems.Add(Invariant($"environmentName must be 1 to {RequestLimits.MaxEnvironmentNameLength} characters; it has {name.Length}"));
            return name.Length == 0 ? null : Shorten(name);
        }

        if (!RequestLimits.EnvironmentNamePattern().IsMatch(name))
        {
            problems.Add($"environmentName '{Printable(name)}' does not match {RequestLimits.EnvironmentNamePatternText}");
            return Printable(name);
        }

        return name;
    }

    private static string? OptionalText(Dictionary<string, JsonElement> fields, string name, int maxLength, List<string> problems, bool allowControl = false)
    {
        if (!fields.TryGetValue(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            problems.Add($"{name} must be a string, not {KindName(value.ValueKind)}");
            return null;
        }

        var text = value.GetString()!;
        if (text.Length == 0 || text.Length > maxLength)
        {
            problems.Add(Invariant($"{name} must be 1 to {maxLength} characters; it has {text.Length}"));
            return null;
        }

        if (!allowControl && text.Any(char.IsControl))
        {
            problems.Add($"{name} must not contain control characters");
            return null;
        }

        return text;
    }

    private static DateTimeOffset? OptionalTime(Dictionary<string, JsonElement> fields, string name, List<string> problems)
    {
        if (!fields.TryGetValue(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String && IsoTime.TryParse(value.GetString(), out var time))
        {
            return time;
        }

        problems.Add($"{name} must be an ISO 8601 date and time with a UTC offset, such as 2026-11-24T10:00:00Z");
        return null;
    }

    private static WatchState? OptionalWatch(Dictionary<string, JsonElement> fields, List<string> problems) =>
        fields.TryGetValue("watch", out var value) && value.ValueKind != JsonValueKind.Null ? WatchCodec.Read(value, problems) : null;

    internal static string KindName(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    // Names are echoed in errors and logs; keep them short and free of control characters.
    private static string Printable(string text)
    {
        var shortened = Shorten(text);
        return string.Concat(shortened.Select(c => char.IsControl(c) ? '?' : c));
    }

    private static string Shorten(string text) => text.Length <= RequestLimits.MaxEnvironmentNameLength ? text : text[..RequestLimits.MaxEnvironmentNameLength] + "...";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
