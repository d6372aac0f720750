using System.Text.Json;
using Json.Schema;

namespace ProtonCancelLambda.IntegrationTests.Infrastructure;

/// <summary>
/// schemas/outcome.v1.json, the contract subscribers code against. Every outcome an integration test reads
/// through <see cref="FunctionHarness.Outcomes"/> is checked against it.
/// </summary>
public static class OutcomeSchema
{
    // Read once per test run; a JsonSchema is immutable once built, so sharing it between tests is safe.
    private static readonly Lazy<JsonSchema> Schema = new(JsonSchemas.Outcome);

    public static JsonElement AssertValid(JsonElement outcome)
    {
        var problems = Schema.Value.Problems(outcome);
        Assert.True(problems.Count == 0, $"Outcome does not match schemas/outcome.v1.json: {outcome.GetRawText()}\n" + string.Join("\n", problems));
        return outcome;
    }
}
