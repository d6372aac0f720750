using System.Text.Json;
using Json.Schema;

namespace ProtonCancelLambda.Testing;

/// <summary>The published schemas in schemas/, each built in its own registry so tests can run in parallel.</summary>
public static class JsonSchemas
{
    private static readonly EvaluationOptions Options = new() { RequireFormatValidation = true, OutputFormat = OutputFormat.List };

    public static JsonSchema CancelRequest() => Load("cancel-request.v1.json");

    public static JsonSchema Outcome() => Load("outcome.v1.json");

    public static bool IsValid(this JsonSchema schema, string json)
    {
        using var document = JsonDocument.Parse(json);
        return schema.Evaluate(document.RootElement, Options).IsValid;
    }

    /// <summary>A body that is not JSON at all cannot be a valid request.</summary>
    public static bool IsValidText(this JsonSchema schema, string? text)
    {
        try
        {
            return text is not null && schema.IsValid(text);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Where <paramref name="instance"/> breaks the schema and how, one line each; empty when it is valid.</summary>
    public static IReadOnlyList<string> Problems(this JsonSchema schema, JsonElement instance)
    {
        var result = schema.Evaluate(instance, Options);
        if (result.IsValid)
        {
            return [];
        }

        List<string> problems = [.. (result.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))];
        // An invalid result always says so, even when the evaluator gave no detail.
        return problems.Count > 0 ? problems : ["(invalid; the evaluator named no location)"];
    }

    private static JsonSchema Load(string name) =>
        JsonSchema.FromText(RepoFiles.Read("schemas", name), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
}
