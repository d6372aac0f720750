using System.Text.Json;
using Json.Schema;

namespace ProtonCancelLambda.IntegrationTests.Infrastructure;

/// <summary>
/// schemas/outcome.v1.json, the contract subscribers code against. Every outcome an integration test reads
/// through <see cref="FunctionHarness.Outcomes"/> is checked against it.
/// </summary>
public static class OutcomeSchema
{
    private static readonly EvaluationOptions Options = new() { RequireFormatValidation = true, OutputFormat = OutputFormat.List };

    // Read once per test run; a JsonSchema is immutable once built, so sharing it between tests is safe.
    private static readonly Lazy<JsonSchema> Schema = new(() =>
        JsonSchema.FromText(File.ReadAllText(RepositoryPaths.File("schemas", "outcome.v1.json")), new BuildOptions { SchemaRegistry = new SchemaRegistry() }));

    public static JsonElement AssertValid(JsonElement outcome)
    {
        var result = Schema.Value.Evaluate(outcome, Options);
        Assert.True(result.IsValid, $"Outcome does not match schemas/outcome.v1.json: {outcome.GetRawText()}\n" +
            string.Join("\n", (result.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))));
        return outcome;
    }
}
