using System.Collections.Concurrent;
using ProtonCancelLambda.Aws;
using ProtonCancelLambda.Idempotency;
using ProtonCancelLambda.Requests;

namespace ProtonCancelLambda.Tests.Idempotency;

/// <summary>A store that answers every claim with <see cref="ClaimAnswer"/> and records each call as one line.</summary>
internal sealed class RecordingIdempotencyStore : IIdempotencyStore
{
    public ClaimResult ClaimAnswer { get; set; } = new Claimed(null);

    /// <summary>When set, this call (by name, e.g. "Claim", "HandOver") throws a DynamoDB-style fault.</summary>
    public string? FailOn { get; set; }

    public ConcurrentQueue<string> Calls { get; } = new();

    public ConcurrentQueue<RequestClaim> Claims { get; } = new();

    public Task<ClaimResult> ClaimAsync(RequestClaim claim, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        Record("Claim", $"{claim.RequestId} {claim.DeliveryId} {claim.Token ?? "-"}");
        Claims.Enqueue(claim);
        return Task.FromResult(ClaimAnswer);
    }

    public Task CheckpointAsync(string requestId, WatchState watch, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        Record("Checkpoint", $"{requestId} {watch.DeploymentId}");
        return Task.CompletedTask;
    }

    public Task HandOverAsync(string requestId, string? previousToken, string nextToken, WatchState watch, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        Record("HandOver", $"{requestId} {previousToken ?? "-"} {nextToken}");
        return Task.CompletedTask;
    }

    public Task CompleteAsync(string requestId, string outcomeKind, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        Record("Complete", $"{requestId} {outcomeKind}");
        return Task.CompletedTask;
    }

    public Task ReleaseAsync(string requestId, string deliveryId, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        Record("Release", $"{requestId} {deliveryId}");
        return Task.CompletedTask;
    }

    private void Record(string call, string detail)
    {
        if (FailOn == call)
        {
            throw new AwsServiceException("ProvisionedThroughputExceededException", "throttled beyond retries", 400, isRetryable: true);
        }

        Calls.Enqueue($"{call} {detail}");
    }
}
