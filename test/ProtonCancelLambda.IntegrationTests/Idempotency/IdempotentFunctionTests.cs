using ProtonCancelLambda.IntegrationTests.Infrastructure;
using ProtonCancelLambda.Local.Simulator.Scenario;

namespace ProtonCancelLambda.IntegrationTests.Idempotency;

/// <summary>
/// The whole function with IDEMPOTENCY_TABLE_NAME set, against moto's DynamoDB (signatures checked): the same
/// request delivered three times in one batch, then again later, is cancelled once and gets one outcome.
/// </summary>
public sealed class IdempotentFunctionTests(PublishedBootstrap bootstrap, MotoServerFixture moto) : IClassFixture<MotoServerFixture>
{
    private const string Body = """{"environmentName":"prod-network","requestId":"rb-2291","reason":"canary alarm"}""";

    [Theory]
    [InlineData(FunctionMode.InProcess)]
    [InlineData(FunctionMode.Aot)]
    public async Task SameRequestDeliveredThreeTimesThenAgain_IsCancelledOnceWithOneOutcome(FunctionMode mode)
    {
        moto.RequireRunning();
        var table = await IdempotencyTables.CreateAsync(moto, "function");
        var scenario = ScenarioFile.Parse("""{"environments":[{"name":"prod-network","cancel":{"settlesAs":"CANCELLED","afterSeconds":1}}]}""");
        await using var harness = await FunctionHarness.StartAsync(mode, Environment(table), bootstrap, scenario);

        var batch = await harness.InvokeAsync(SqsEvents.Batch(SqsEvents.Record("m-1", Body), SqsEvents.Record("m-2", Body), SqsEvents.Record("m-3", Body)));
        var later = await harness.InvokeAsync(SqsEvents.Batch(SqsEvents.Record("m-4", Body)));

        Assert.Equal("""{"batchItemFailures":[]}""", batch.BodyText);
        Assert.Equal("""{"batchItemFailures":[]}""", later.BodyText);
        var outcome = Assert.Single(harness.Outcomes);
        Assert.Equal(("CANCELLED", "rb-2291"), (outcome.GetProperty("outcome").GetString(), outcome.GetProperty("requestId").GetString()));
        Assert.Equal(1, harness.Simulator.Calls.CancelEnvironmentDeployment);
        Assert.Contains(harness.LogLines, line => line.Contains("already has its outcome (CANCELLED); delivery m-4 is a duplicate", StringComparison.Ordinal));
    }

    private Dictionary<string, string> Environment(string table) => new(FunctionHarness.BaseEnvironment)
    {
        ["AWS_ACCESS_KEY_ID"] = moto.AccessKeyId,
        ["AWS_SECRET_ACCESS_KEY"] = moto.SecretAccessKey,
        ["AWS_ENDPOINT_URL_DYNAMODB"] = moto.Endpoint.ToString(),
        ["IDEMPOTENCY_TABLE_NAME"] = table,
        ["POLL_INITIAL_SECONDS"] = "0.2",
        ["AWS_LAMBDA_LOG_LEVEL"] = "INFO",
    };
}
