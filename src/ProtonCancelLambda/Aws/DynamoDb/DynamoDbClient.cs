using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ProtonCancelLambda.Aws.Http;

namespace ProtonCancelLambda.Aws.DynamoDb;

/// <summary>
/// The two DynamoDB operations the idempotency record needs, PutItem and UpdateItem, over AWS JSON 1.0 on the
/// same signed channel, retry policy, clock and metrics as Proton and SNS (signing name <c>dynamodb</c>).
/// </summary>
internal sealed class DynamoDbClient : IDisposable
{
    public const string SigningName = "dynamodb";
    public const string EndpointPrefix = "dynamodb";
    public const string TargetPrefix = "DynamoDB_20120810";
    public const string ContentType = "application/x-amz-json-1.0";

    private readonly AwsHttpChannel _channel;

    public DynamoDbClient(AwsHttpChannel channel)
    {
        _channel = channel;
    }

    /// <summary>Writes the item; a failed condition throws <see cref="DynamoDbConditionFailedException"/> with the item as it was.</summary>
    public Task PutItemAsync(PutItemInput input, DateTimeOffset deadline, CancellationToken cancellationToken) =>
        CallAsync("PutItem", input, DynamoDbJsonContext.Default.PutItemInput, deadline, cancellationToken);

    /// <summary>Updates (or creates) the item; returns its attributes as they were before when the input asks for ALL_OLD.</summary>
    public Task<Dictionary<string, DynamoDbValue>?> UpdateItemAsync(UpdateItemInput input, DateTimeOffset deadline, CancellationToken cancellationToken) =>
        CallAsync("UpdateItem", input, DynamoDbJsonContext.Default.UpdateItemInput, deadline, cancellationToken);

    public void Dispose() => _channel.Dispose();

    private Task<Dictionary<string, DynamoDbValue>?> CallAsync<TInput>(string operation, TInput input, JsonTypeInfo<TInput> inputType, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(input, inputType);
        return _channel.SendAsync(operation, () => CreateRequest(operation, body), ReadAttributesAsync, deadline, cancellationToken);
    }

    private HttpRequestMessage CreateRequest(string operation, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(ContentType);
        var request = new HttpRequestMessage(HttpMethod.Post, _channel.Endpoint) { Content = content };
        request.Headers.TryAddWithoutValidation("X-Amz-Target", $"{TargetPrefix}.{operation}");
        return request;
    }

    private static async Task<Dictionary<string, DynamoDbValue>?> ReadAttributesAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var output = await JsonSerializer.DeserializeAsync(stream, DynamoDbJsonContext.Default.WriteItemOutput, cancellationToken).ConfigureAwait(false);
            return output?.Attributes;
        }
    }
}
