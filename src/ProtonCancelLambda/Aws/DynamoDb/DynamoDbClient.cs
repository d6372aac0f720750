using System.Text.Json.Serialization.Metadata;
using ProtonCancelLambda.Aws.Http;

namespace ProtonCancelLambda.Aws.DynamoDb;

/// <summary>
/// The two DynamoDB operations the idempotency record needs, PutItem and UpdateItem, over AWS JSON 1.0 on the
/// same signed channel, retry policy, clock and metrics as Proton and SNS (signing name <c>dynamodb</c>).
/// </summary>
internal sealed class DynamoDbClient : IDynamoDbItems, IDisposable
{
    public const string SigningName = "dynamodb";
    public const string EndpointPrefix = "dynamodb";
    public const string TargetPrefix = "DynamoDB_20120810";

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

    private Task<Dictionary<string, DynamoDbValue>?> CallAsync<TInput>(string operation, TInput input, JsonTypeInfo<TInput> inputType, DateTimeOffset deadline, CancellationToken cancellationToken) =>
        AwsJsonCall.SendAsync(_channel, TargetPrefix, operation, input, inputType, DynamoDbJsonContext.Default.WriteItemOutput, output => output?.Attributes, deadline, cancellationToken);
}
