using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;

namespace ProtonCancelLambda.Local.Invoke;

/// <summary>
/// For <c>invoke --idempotency-table NAME --dynamodb-endpoint URL</c> (moto or another DynamoDB-compatible
/// endpoint): creates the table as template.yaml does (key <c>id</c> S, on-demand, TTL on <c>expiration</c>)
/// unless it exists, so the same invoke run twice shows the second delivery recognised as a duplicate.
/// </summary>
internal static class IdempotencyTableSetup
{
    public static async Task EnsureAsync(Uri endpoint, string tableName, CancellationToken cancellationToken)
    {
        var (accessKeyId, secretAccessKey) = FunctionEnvironment.Credentials;
        using var dynamoDb = new HttpClient(new SigV4SigningHandler(new BasicAWSCredentials(accessKeyId, secretAccessKey), RegionEndpoint.USEast1, "dynamodb", new HttpClientHandler { AllowAutoRedirect = false }));
        var table = new JsonObject
        {
            ["TableName"] = tableName,
            ["BillingMode"] = "PAY_PER_REQUEST",
            ["AttributeDefinitions"] = new JsonArray(new JsonObject { ["AttributeName"] = "id", ["AttributeType"] = "S" }),
            ["KeySchema"] = new JsonArray(new JsonObject { ["AttributeName"] = "id", ["KeyType"] = "HASH" }),
        };
        var create = await CallAsync(dynamoDb, endpoint, "CreateTable", table, cancellationToken).ConfigureAwait(false);
        if (create is not null)
        {
            // Run twice with the same table: it exists already, which is the point.
            if (create.Contains("ResourceInUseException", StringComparison.Ordinal))
            {
                return;
            }

            throw new InvalidOperationException($"CreateTable {tableName} on {endpoint} failed: {create}");
        }

        var timeToLive = new JsonObject
        {
            ["TableName"] = tableName,
            ["TimeToLiveSpecification"] = new JsonObject { ["Enabled"] = true, ["AttributeName"] = "expiration" },
        };
        var ttl = await CallAsync(dynamoDb, endpoint, "UpdateTimeToLive", timeToLive, cancellationToken).ConfigureAwait(false);
        if (ttl is not null)
        {
            throw new InvalidOperationException($"UpdateTimeToLive {tableName} on {endpoint} failed: {ttl}");
        }
    }

    /// <summary>Null on success, else the error body.</summary>
    private static async Task<string?> CallAsync(HttpClient client, Uri endpoint, string operation, JsonObject body, CancellationToken cancellationToken)
    {
        using var content = new StringContent(body.ToJsonString(), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.0");
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = content };
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "DynamoDB_20120810." + operation);
        using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return response.IsSuccessStatusCode ? null : await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
    }
}
