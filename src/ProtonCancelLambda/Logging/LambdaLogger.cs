using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ProtonCancelLambda.Logging;

/// <summary>
/// Writes one line per entry in Lambda's Text or JSON log format. Messages are templates
/// (<c>"Cancelled {EnvironmentName}"</c>): in JSON each placeholder also becomes a field, so logs can be
/// queried by value. Callers pass only request data; credentials never reach this class.
/// </summary>
public sealed class LambdaLogger
{
    // Log lines are JSON for CloudWatch, never HTML: keep quotes and apostrophes readable.
    private static readonly JsonWriterOptions ReadableJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly TextWriter _output;
    private readonly TimeProvider _clock;
    private readonly Lock _gate = new();
    private volatile string? _requestId;

    public LambdaLogger(TextWriter output, LogOptions options, TimeProvider clock)
    {
        _output = output;
        Options = options;
        _clock = clock;
    }

    public LogOptions Options { get; }

    /// <summary>The invocation whose request id is stamped on each line; one invocation runs at a time.</summary>
    public void BeginInvocation(string? requestId) => _requestId = requestId;

    public bool IsEnabled(LogLevel level) => level >= Options.MinimumLevel;

    public void Debug(string template, params ReadOnlySpan<object?> args) => Write(LogLevel.Debug, null, template, args);

    public void Info(string template, params ReadOnlySpan<object?> args) => Write(LogLevel.Info, null, template, args);

    public void Warn(string template, params ReadOnlySpan<object?> args) => Write(LogLevel.Warn, null, template, args);

    public void Error(Exception? exception, string template, params ReadOnlySpan<object?> args) => Write(LogLevel.Error, exception, template, args);

    public void Fatal(Exception? exception, string template, params ReadOnlySpan<object?> args) => Write(LogLevel.Fatal, exception, template, args);

    /// <summary>Writes a pre-built JSON object as its own line (CloudWatch Embedded Metric Format).</summary>
    public void WriteRawJsonLine(string json)
    {
        lock (_gate)
        {
            _output.WriteLine(json);
            _output.Flush();
        }
    }

    public void Write(LogLevel level, Exception? exception, string template, ReadOnlySpan<object?> args)
    {
        if (!IsEnabled(level))
        {
            return;
        }

        // Lambda's own log timestamp format, the same in both formats.
        var timestamp = _clock.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        var fields = new List<KeyValuePair<string, object?>>(args.Length);
        var message = LogTemplate.Render(template, args, fields);
        var line = Options.Json
            ? JsonLine(timestamp, level, message, fields, exception)
            : TextLine(timestamp, level, message, exception);

        lock (_gate)
        {
            _output.WriteLine(line);
            _output.Flush();
        }
    }

    private string TextLine(string timestamp, LogLevel level, string message, Exception? exception)
    {
        var builder = new StringBuilder(128)
            .Append(timestamp)
            .Append('\t').Append(LevelName(level))
            .Append('\t').Append(_requestId ?? "-")
            .Append('\t').Append(message);
        if (exception is not null)
        {
            builder.Append('\t').Append(exception.GetType().Name).Append(": ").Append(exception.Message);
        }

        return builder.ToString();
    }

    private string JsonLine(string timestamp, LogLevel level, string message, List<KeyValuePair<string, object?>> fields, Exception? exception)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, ReadableJson))
        {
            writer.WriteStartObject();
            writer.WriteString("timestamp", timestamp);
            writer.WriteString("level", LevelName(level));
            if (_requestId is not null)
            {
                writer.WriteString("requestId", _requestId);
            }

            writer.WriteString("message", message);
            foreach (var (name, value) in fields)
            {
                WriteValue(writer, char.ToLowerInvariant(name[0]) + name[1..], value);
            }

            if (exception is not null)
            {
                writer.WriteString("errorType", exception.GetType().Name);
                writer.WriteString("errorMessage", exception.Message);
                writer.WriteStartArray("stackTrace");
                foreach (var frame in (exception.StackTrace ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    writer.WriteStringValue(frame);
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteValue(Utf8JsonWriter writer, string name, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNull(name);
                break;
            case bool b:
                writer.WriteBoolean(name, b);
                break;
            case int i:
                writer.WriteNumber(name, i);
                break;
            case long l:
                writer.WriteNumber(name, l);
                break;
            case double d when double.IsFinite(d):
                writer.WriteNumber(name, d);
                break;
            case TimeSpan t:
                writer.WriteNumber(name, Math.Round(t.TotalMilliseconds, 1));
                break;
            case DateTimeOffset dto:
                writer.WriteString(name, dto.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
                break;
            default:
                writer.WriteString(name, Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }

    internal static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Trace => "TRACE",
        LogLevel.Debug => "DEBUG",
        LogLevel.Info => "INFO",
        LogLevel.Warn => "WARN",
        LogLevel.Error => "ERROR",
        _ => "FATAL",
    };
}
