using System.Collections.Concurrent;
using ProtonCancelLambda.Aws;
using ProtonCancelLambda.Idempotency;
using ProtonCancelLambda.Requests;

namespace ProtonCancelLambda.Tests.Idempotency;

/// <summary>A record that answers every claim with <see cref="ClaimAnswer"/> and records each call as one line.</summary>
internal sealed class RecordingRequestRecord(ConcurrentQueue<string>? timeline = null) : IRequestRecord
{
    private int _tokens;

    public ClaimResult ClaimAnswer { get; set; } = new Claimed(null);

    /// <summary>When set, this call (by name, e.g. "Claim", "HandingOver") throws a DynamoDB-style fault.</summary>
    public string? FailOn { get; set; }

    /// <summary>Every call as it happens, in one timeline with whatever else the test adds to it.</summary>
    public ConcurrentQueue<string> Calls { get; } = timeline ?? new();

    public ConcurrentQueue<RequestClaim> Claims { get; } = new();

    public ConcurrentQueue<DateTimeOffset> Deadlines { get; } = new();

    public Task<ClaimResult> ClaimAsync(RequestClaim claim, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        Record("Claim", $"{claim.RequestId} {claim.DeliveryId} {claim.Token ?? "-"}", deadline);
        Claims.Enqueue(claim);
        return Task.FromResult(ClaimAnswer);
    }

    public Task WatchStartedAsync(string requestId, WatchState watch, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        Record("WatchStarted", $"{requestId} {watch.DeploymentId}", deadline);
        return Task.CompletedTask;
    }

    public Task<string?> HandingOverAsync(string requestId, string? owner, WatchState watch, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var next = $"t-{Interlocked.Increment(ref _tokens)}";
        Record("HandingOver", $"{requestId} {owner ?? "-"} {next}", deadline);
        return Task.FromResult<string?>(next);
    }

    public Task HandedOverAsync(string requestId, string? owner, string? next, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        Record("HandedOver", $"{requestId} {owner ?? "-"} {next}", deadline);
        return Task.CompletedTask;
    }

    public Task PublishedAsync(string requestId, string outcomeKind, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        Record("Published", $"{requestId} {outcomeKind}", deadline);
        return Task.CompletedTask;
    }

    public Task GiveBackAsync(string requestId, string deliveryId, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        Record("GiveBack", $"{requestId} {deliveryId}", deadline);
        return Task.CompletedTask;
    }

    private void Record(string call, string detail, DateTimeOffset deadline)
    {
        if (FailOn == call)
        {
            throw new AwsServiceException("ProvisionedThroughputExceededException", "throttled beyond retries", 400, isRetryable: true);
        }

        Calls.Enqueue($"{call} {detail}");
        Deadlines.Enqueue(deadline);
    }
}
