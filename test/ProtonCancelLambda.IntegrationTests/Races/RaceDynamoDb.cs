using System.Runtime.CompilerServices;
using ProtonCancelLambda.Aws.Clients;
using ProtonCancelLambda.Aws.DynamoDb;
using ProtonCancelLambda.Configuration;
using ProtonCancelLambda.IntegrationTests.Infrastructure;

namespace ProtonCancelLambda.IntegrationTests.Races;

/// <summary>The function's own DynamoDB client (AwsClientFactory.CreateDynamoDb) on moto, on the test's clock.</summary>
internal static class RaceDynamoDb
{
    public static DynamoDbClient Client(MotoServerFixture moto, TimeProvider clock) =>
        AwsClientFactory.CreateDynamoDb(
            new DictionaryEnvironmentVariables(new Dictionary<string, string>
            {
                [SettingNames.EndpointUrlDynamoDb] = moto.Endpoint.ToString(),
                ["AWS_ACCESS_KEY_ID"] = moto.AccessKeyId,
                ["AWS_SECRET_ACCESS_KEY"] = moto.SecretAccessKey,
            }),
            MotoServerFixture.Region,
            clock);
}

/// <summary>
/// Holds back the DynamoDB writes of one delivery, from the moment it has sent a continuation, until the test
/// lets them land: a slow or throttled write, for the sending delivery only. The delivery is marked by running it
/// inside <see cref="RunAsSenderAsync{T}"/>; every other delivery's writes go straight through.
/// </summary>
internal sealed class HeldWrites(IDynamoDbItems inner) : IDynamoDbItems
{
    private static readonly AsyncLocal<StrongBox<bool>?> Sender = new();
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Set when the first write was held back.</summary>
    public TaskCompletionSource FirstHeld { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Runs <paramref name="delivery"/> as the sending delivery.</summary>
    public static Task<T> RunAsSenderAsync<T>(Func<Task<T>> delivery) => Task.Run(() =>
    {
        Sender.Value = new StrongBox<bool>(false);
        return delivery();
    });

    /// <summary>Called from the sending delivery when it sends: its writes from now on are held.</summary>
    public static void SenderHasSent()
    {
        if (Sender.Value is { } sent)
        {
            sent.Value = true;
        }
    }

    /// <summary>Lets the held writes land.</summary>
    public void Release() => _gate.TrySetResult();

    public async Task PutItemAsync(PutItemInput input, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        await HoldAsync().ConfigureAwait(false);
        await inner.PutItemAsync(input, deadline, cancellationToken).ConfigureAwait(false);
    }

    public async Task<Dictionary<string, DynamoDbValue>?> UpdateItemAsync(UpdateItemInput input, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        await HoldAsync().ConfigureAwait(false);
        return await inner.UpdateItemAsync(input, deadline, cancellationToken).ConfigureAwait(false);
    }

    private async Task HoldAsync()
    {
        if (Sender.Value is { Value: true })
        {
            FirstHeld.TrySetResult();
            await _gate.Task.ConfigureAwait(false);
        }
    }
}
