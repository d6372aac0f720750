using System.Text.Json;

namespace ProtonCancelLambda.Local.Simulator.Protocol;

/// <summary>
/// Reads an operation's JSON input and collects constraint violations the way AWS reports them
/// ("2 validation errors detected: Value ... at 'name' failed to satisfy constraint: ...").
/// A member of the wrong JSON type is a SerializationException, as the AWS JSON deserializer says.
/// </summary>
internal sealed class InputReader
{
    private readonly JsonElement _element;
    private readonly string _path;
    private readonly List<string> _violations;

    private InputReader(JsonElement element, string path, List<string> violations)
    {
        _element = element;
        _path = path;
        _violations = violations;
    }

    public static InputReader Parse(byte[] body)
    {
        if (body.Length == 0)
        {
            // botocore always sends "{}"; an empty body carries no members either.
            return new InputReader(JsonDocument.Parse("{}").RootElement, string.Empty, []);
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement.Clone();
            return root.ValueKind == JsonValueKind.Object
                ? new InputReader(root, string.Empty, [])
                : throw new ProtonException(ProtonErrors.Serialization, "Start of structure or map found where not expected.");
        }
        catch (JsonException e)
        {
            throw new ProtonException(ProtonErrors.Serialization, $"Could not read the request body as JSON: {e.Message}");
        }
    }

    public string? String(string member, StringRule rule, bool required, bool sensitive = false)
    {
        if (!TryGet(member, required, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            throw new ProtonException(ProtonErrors.Serialization, $"STRING_VALUE can not be converted to a {value.ValueKind} at '{Where(member)}'.");
        }

        var text = value.GetString()!;
        if (rule.Check(text) is { } broken)
        {
            Violation(member, sensitive ? null : text, broken);
        }

        return text;
    }

    public string? Enum(string member, IReadOnlyList<string> allowed, bool required)
    {
        var text = String(member, new StringRule(null, null, null), required);
        if (text is not null && !allowed.Contains(text))
        {
            Violation(member, text, $"Member must satisfy enum value set: [{string.Join(", ", allowed)}]");
        }

        return text;
    }

    public InputReader? Structure(string member)
    {
        if (!TryGet(member, required: false, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Object
            ? new InputReader(value, Where(member) + ".", _violations)
            : throw new ProtonException(ProtonErrors.Serialization, $"Start of structure or map expected at '{Where(member)}'.");
    }

    public void ThrowIfInvalid()
    {
        if (_violations.Count > 0)
        {
            var count = _violations.Count == 1 ? "1 validation error detected" : $"{_violations.Count} validation errors detected";
            throw new ProtonException(ProtonErrors.Validation, $"{count}: {string.Join("; ", _violations)}");
        }
    }

    private bool TryGet(string member, bool required, out JsonElement value)
    {
        if (_element.TryGetProperty(member, out value) && value.ValueKind != JsonValueKind.Null)
        {
            return true;
        }

        if (required)
        {
            _violations.Add($"Value null at '{Where(member)}' failed to satisfy constraint: Member must not be null");
        }

        return false;
    }

    private void Violation(string member, string? value, string constraint) =>
        _violations.Add(value is null
            ? $"Value at '{Where(member)}' failed to satisfy constraint: {constraint}"
            : $"Value '{value}' at '{Where(member)}' failed to satisfy constraint: {constraint}");

    private string Where(string member) => _path + member;
}
