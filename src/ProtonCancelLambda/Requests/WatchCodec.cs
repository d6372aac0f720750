using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ProtonCancelLambda.Requests;

/// <summary>
/// The one format of a watch, with one set of rules, wherever it is kept: the <c>watch</c> object of a continuation
/// message and the idempotency record's <c>watch</c> attribute. <c>since</c> and <c>requestedAt</c> are strict
/// <see cref="IsoTime"/>s (the function writes them); an unknown <c>source</c> is dropped, not refused, since it
/// only labels the outcome.
/// </summary>
public static class WatchCodec
{
    public static void Write(Utf8JsonWriter writer, WatchState watch)
    {
        writer.WriteStartObject();
        writer.WriteString("since", IsoTime.Format(watch.Since));
        writer.WriteNumber("pollCount", watch.PollCount);
        WriteOptional(writer, "deploymentId", watch.DeploymentId);
        WriteOptional(writer, "source", watch.Source);
        WriteOptional(writer, "requestedAt", IsoTime.Format(watch.RequestedAt));
        WriteOptional(writer, "token", watch.Token);
        writer.WriteEndObject();
    }

    /// <summary>The watch alone as JSON, as the idempotency record keeps it (without its token: the record keeps that apart).</summary>
    public static string ToJson(WatchState watch)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            Write(writer, watch with { Token = null });
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The record's watch, or null when it cannot be read (an item edited by hand starts over, as without the table).</summary>
    public static WatchState? FromJson(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            var problems = new List<string>();
            var watch = Read(document.RootElement, problems);
            return problems.Count == 0 ? watch : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Reads a watch object; every problem is added to <paramref name="problems"/> and then null is returned.</summary>
    public static WatchState? Read(JsonElement value, List<string> problems)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"watch must be an object, not {RequestParser.KindName(value.ValueKind)}");
            return null;
        }

        var before = problems.Count;
        var since = Time(value, "since", required: true, problems);
        var requestedAt = Time(value, "requestedAt", required: false, problems);

        var pollCount = 0;
        if (value.TryGetProperty("pollCount", out var countValue) && countValue.ValueKind != JsonValueKind.Null
            && !(countValue.ValueKind == JsonValueKind.Number && countValue.TryGetInt32(out pollCount) && pollCount >= 0))
        {
            problems.Add("watch.pollCount must be a whole number of at least 0");
        }

        var deploymentId = Text(value, "deploymentId", problems);
        var token = Text(value, "token", problems);
        var source = value.TryGetProperty("source", out var sourceValue) && sourceValue.ValueKind == JsonValueKind.String ? sourceValue.GetString() : null;
        return problems.Count > before || since is null
            ? null
            : new WatchState(since.Value, pollCount, deploymentId, source is RequestSources.Sqs or RequestSources.EventBridge ? source : null, requestedAt, token);
    }

    private static DateTimeOffset? Time(JsonElement watch, string name, bool required, List<string> problems)
    {
        if (!watch.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                problems.Add($"watch.{name} is required");
            }

            return null;
        }

        if (value.ValueKind == JsonValueKind.String && IsoTime.TryParse(value.GetString(), out var time))
        {
            return time;
        }

        problems.Add($"watch.{name} must be an ISO 8601 date and time with a UTC offset");
        return null;
    }

    private static string? Text(JsonElement watch, string name, List<string> problems)
    {
        if (!watch.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 and <= RequestLimits.MaxIdLength } text && !text.Any(char.IsControl))
        {
            return text;
        }

        problems.Add(string.Create(CultureInfo.InvariantCulture, $"watch.{name} must be a string of 1 to {RequestLimits.MaxIdLength} characters without control characters"));
        return null;
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }
}
