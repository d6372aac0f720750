using ProtonCancelLambda.Aws;
using ProtonCancelLambda.Aws.DynamoDb;
using ProtonCancelLambda.Tests.Simulation;

namespace ProtonCancelLambda.Tests.Pacing;

/// <summary>
/// The idempotency table in memory, with the simulation's DynamoDB semantics (conditions, ADD, ALL_OLD), answering
/// at once; counts the writes, and can be made to fail.
/// </summary>
internal sealed class MemoryTable : IDynamoDbItems
{
    public const string Name = "records";

    private readonly SimDynamoDb _table = new(null!, FaultRates.Calm, Name, "id");
    private readonly Lock _gate = new();

    public int Writes { get; private set; }

    /// <summary>When set, every write fails with this.</summary>
    public AwsServiceException? FailWith { get; set; }

    public Task PutItemAsync(PutItemInput input, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Writes++;
            _table.Put(input);
        }

        return Task.CompletedTask;
    }

    public Task<Dictionary<string, DynamoDbValue>?> UpdateItemAsync(UpdateItemInput input, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Writes++;
            if (FailWith is { } failure)
            {
                throw failure;
            }

            return Task.FromResult(_table.Update(input));
        }
    }
}
