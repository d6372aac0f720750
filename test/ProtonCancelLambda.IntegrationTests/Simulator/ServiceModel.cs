using System.Text.Json;
using System.Text.RegularExpressions;

namespace ProtonCancelLambda.IntegrationTests.Simulator;

/// <summary>
/// A small validator over a botocore service model: does a JSON value fit a shape (required members,
/// JSON types, enum values, lengths, patterns, timestamps as numbers, no members the shape lacks)?
/// </summary>
internal sealed class ServiceModel
{
    private readonly JsonElement _root;

    private ServiceModel(JsonElement root) => _root = root;

    public static ServiceModel Load(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return new ServiceModel(document.RootElement.Clone());
    }

    public JsonElement Shape(string name) => _root.GetProperty("shapes").GetProperty(name);

    public string OutputShape(string operation) =>
        _root.GetProperty("operations").GetProperty(operation).GetProperty("output").GetProperty("shape").GetString()!;

    public IReadOnlyList<string> Errors(string operation) =>
        [.. _root.GetProperty("operations").GetProperty(operation).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("shape").GetString()!)];

    public List<string> Validate(JsonElement value, string shapeName, string path = "$")
    {
        var problems = new List<string>();
        Check(value, shapeName, path, problems);
        return problems;
    }

    private void Check(JsonElement value, string shapeName, string path, List<string> problems)
    {
        var shape = Shape(shapeName);
        switch (shape.GetProperty("type").GetString())
        {
            case "structure":
                CheckStructure(value, shape, path, problems);
                break;
            case "string":
                CheckString(value, shape, path, problems);
                break;
            case "timestamp":
                Expect(value.ValueKind == JsonValueKind.Number, path, "a timestamp must be an epoch-second JSON number", problems);
                break;
            case "list":
                if (Expect(value.ValueKind == JsonValueKind.Array, path, "expected an array", problems))
                {
                    var i = 0;
                    foreach (var item in value.EnumerateArray())
                    {
                        Check(item, shape.GetProperty("member").GetProperty("shape").GetString()!, $"{path}[{i++}]", problems);
                    }
                }

                break;
            case "boolean":
                Expect(value.ValueKind is JsonValueKind.True or JsonValueKind.False, path, "expected a boolean", problems);
                break;
            case "integer" or "long" or "double" or "float":
                Expect(value.ValueKind == JsonValueKind.Number, path, "expected a number", problems);
                break;
            default:
                problems.Add($"{path}: shape type {shape.GetProperty("type")} not handled by this validator");
                break;
        }
    }

    private void CheckStructure(JsonElement value, JsonElement shape, string path, List<string> problems)
    {
        if (!Expect(value.ValueKind == JsonValueKind.Object, path, "expected an object", problems))
        {
            return;
        }

        var members = shape.GetProperty("members");
        if (shape.TryGetProperty("required", out var required))
        {
            foreach (var name in required.EnumerateArray().Select(r => r.GetString()!))
            {
                Expect(value.TryGetProperty(name, out var member) && member.ValueKind != JsonValueKind.Null, path, $"required member '{name}' is missing", problems);
            }
        }

        foreach (var property in value.EnumerateObject())
        {
            if (members.TryGetProperty(property.Name, out var member))
            {
                Check(property.Value, member.GetProperty("shape").GetString()!, $"{path}.{property.Name}", problems);
            }
            else
            {
                problems.Add($"{path}: member '{property.Name}' is not in the model");
            }
        }
    }

    private static void CheckString(JsonElement value, JsonElement shape, string path, List<string> problems)
    {
        if (!Expect(value.ValueKind == JsonValueKind.String, path, "expected a string", problems))
        {
            return;
        }

        var text = value.GetString()!;
        if (shape.TryGetProperty("enum", out var values))
        {
            Expect(values.EnumerateArray().Any(v => v.GetString() == text), path, $"'{text}' is not a legal enum value", problems);
        }

        if (shape.TryGetProperty("min", out var min))
        {
            Expect(text.Length >= min.GetInt32(), path, $"shorter than {min}", problems);
        }

        if (shape.TryGetProperty("max", out var max))
        {
            Expect(text.Length <= max.GetInt32(), path, $"longer than {max}", problems);
        }

        if (shape.TryGetProperty("pattern", out var pattern))
        {
            Expect(Regex.IsMatch(text, pattern.GetString()!), path, $"'{text}' does not match {pattern}", problems);
        }
    }

    private static bool Expect(bool condition, string path, string problem, List<string> problems)
    {
        if (!condition)
        {
            problems.Add($"{path}: {problem}");
        }

        return condition;
    }
}
