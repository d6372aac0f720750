namespace ProtonCancelLambda.IntegrationTests.Infrastructure;

/// <summary>Idempotency tables on moto, laid out as template.yaml creates them (key <c>id</c> S, TTL on <c>expiration</c>).</summary>
public static class IdempotencyTables
{
    public static async Task<string> CreateAsync(MotoServerFixture moto, string name)
    {
        var table = $"idempotency-{name}-{Guid.NewGuid():N}";
        await moto.AwsAsync(
            "dynamodb", "create-table", "--table-name", table,
            "--attribute-definitions", "AttributeName=id,AttributeType=S",
            "--key-schema", "AttributeName=id,KeyType=HASH",
            "--billing-mode", "PAY_PER_REQUEST");
        await moto.AwsAsync("dynamodb", "update-time-to-live", "--table-name", table, "--time-to-live-specification", "Enabled=true,AttributeName=expiration");
        return table;
    }
}
