using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;

namespace ProtonCancelLambda.Local.DynamoDb;

/// <summary>
/// For <c>invoke --idempotency-table NAME --dynamodb-endpoint URL</c> and the mass-rollback fleet (moto or another
/// DynamoDB-compatible endpoint): creates the table as template.yaml does (key <c>id</c> S, on-demand, TTL on
/// <c>expiration</c>) unless it exists, so the same invoke run twice shows the second delivery recognised as a
/// duplicate; and counts a run's items afterwards.
/// </summary>
internal static class IdempotencyTableSetup
{
    public static async Task EnsureAsync(Uri endpoint, string tableName, (string AccessKeyId, string SecretAccessKey) credentials, CancellationToken cancellationToken)
    {
        using var dynamoDb = Client(credentials);
        var table = new JsonObject
        {
            ["TableName"] = tableName,
            ["BillingMode"] = "PAY_PER_REQUEST",
            ["AttributeDefinitions"] = new JsonArray(new JsonObject { ["AttributeName"] = "id", ["AttributeType"] = "S" }),
            ["KeySchema"] = new JsonArray(new JsonObject { ["AttributeName"] = "id", ["KeyType"] = "HASH" }),
        };
        var (created, createError) = await CallAsync(dynamoDb, endpoint, "CreateTable", table, cancellationToken).ConfigureAwait(false);
        if (!created)
        {
            // Run twice with the same table: it exists already, which is the point.
            if (createError.Contains("ResourceInUseException", StringComparison.Ordinal))
            {
                return;
            }

            throw new InvalidOperationException($"CreateTable {tableName} on {endpoint} failed: {createError}");
        }

        var timeToLive = new JsonObject
        {
            ["TableName"] = tableName,
            ["TimeToLiveSpecification"] = new JsonObject { ["Enabled"] = true, ["AttributeName"] = "expiration" },
        };
        var (updated, ttlError) = await CallAsync(dynamoDb, endpoint, "UpdateTimeToLive", timeToLive, cancellationToken).ConfigureAwait(false);
        if (!updated)
        {
            throw new InvalidOperationException($"UpdateTimeToLive {tableName} on {endpoint} failed: {ttlError}");
        }
    }

    /// <summary>Items whose <c>id</c> starts with <paramref name="idPrefix"/> (a Scan, every page).</summary>
    public static async Task<int> CountAsync(Uri endpoint, string tableName, (string AccessKeyId, string SecretAccessKey) credentials, string idPrefix, CancellationToken cancellationToken)
    {
        using var dynamoDb = Client(credentials);
        var count = 0;
        JsonNode? startKey = null;
        do
        {
            var scan = new JsonObject
            {
                ["TableName"] = tableName,
                ["Select"] = "COUNT",
                ["FilterExpression"] = "begins_with(#id, :prefix)",
                ["ExpressionAttributeNames"] = new JsonObject { ["#id"] = "id" },
                ["ExpressionAttributeValues"] = new JsonObject { [":prefix"] = new JsonObject { ["S"] = idPrefix } },
            };
            if (startKey is not null)
            {
                scan["ExclusiveStartKey"] = startKey;
            }

            var (ok, body) = await CallAsync(dynamoDb, endpoint, "Scan", scan, cancellationToken).ConfigureAwait(false);
            if (!ok)
            {
                throw new InvalidOperationException($"Scan {tableName} on {endpoint} failed: {body}");
            }

            var page = JsonNode.Parse(body)?.AsObject() ?? throw new JsonException($"Scan {tableName} answered no JSON object.");
            count += page["Count"]?.GetValue<int>() ?? 0;
            startKey = page["LastEvaluatedKey"]?.DeepClone();
        }
        while (startKey is not null);

        return count;
    }

    private static HttpClient Client((string AccessKeyId, string SecretAccessKey) credentials) =>
        new(new SigV4SigningHandler(new BasicAWSCredentials(credentials.AccessKeyId, credentials.SecretAccessKey), RegionEndpoint.USEast1, "dynamodb", new HttpClientHandler { AllowAutoRedirect = false }));

    /// <summary>Whether the call succeeded, and the response body.</summary>
    private static async Task<(bool Ok, string Body)> CallAsync(HttpClient client, Uri endpoint, string operation, JsonObject body, CancellationToken cancellationToken)
    {
        using var content = new StringContent(body.ToJsonString(), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.0");
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = content };
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "DynamoDB_20120810." + operation);
        using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return (response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
    }
}
