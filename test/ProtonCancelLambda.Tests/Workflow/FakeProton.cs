using System.Collections.Concurrent;
using ProtonCancelLambda.Aws.Proton;

namespace ProtonCancelLambda.Tests.Workflow;

/// <summary>An in-memory Proton on a (fake) clock: cancels move to CANCELLING, then settle as configured.</summary>
internal sealed class FakeProton(TimeProvider clock) : IProtonEnvironments
{
    private readonly ConcurrentDictionary<string, State> _environments = new();

    public ConcurrentQueue<string> Calls { get; } = new();

    /// <summary>Errors the next calls throw, in order, before any normal answer.</summary>
    public ConcurrentQueue<ProtonException> Faults { get; } = new();

    /// <summary>The deadline each call was given.</summary>
    public ConcurrentQueue<DateTimeOffset> Deadlines { get; } = new();

    /// <summary>Runs before each GetEnvironment answers, with the number of GetEnvironment calls so far.</summary>
    public Action<int>? BeforeGet { get; set; }

    /// <summary>Runs before each cancel is carried out.</summary>
    public Action? BeforeCancel { get; set; }

    /// <summary>When set, a call whose deadline has passed on this clock fails as a real client's would: a timeout, before sending.</summary>
    public TimeProvider? DeadlineClock { get; init; }

    public int GetCount => Calls.Count(c => c.StartsWith("Get", StringComparison.Ordinal));

    public int CancelCount => Calls.Count(c => c.StartsWith("Cancel", StringComparison.Ordinal));

    /// <summary>
    /// Adds an environment whose deployment started <paramref name="startedAt"/> (default: five minutes before
    /// now). <paramref name="refuseWith"/>: a cancel of it IN_PROGRESS fails with this code and changes nothing.
    /// <paramref name="answerLost"/>: a cancel takes effect, but the call ends as a client retry after an
    /// unanswered first attempt sees it: a ValidationException marked as possibly preceded by that attempt.
    /// </summary>
    public void Add(string name, string status = DeploymentStatuses.InProgress, string settlesAs = DeploymentStatuses.Cancelled, double afterSeconds = 2, string deploymentId = "d-0001", string? failWith = null, DateTimeOffset? startedAt = null, string? refuseWith = null, bool answerLost = false)
        => _environments[name] = new State
        {
            Status = status,
            SettlesAs = settlesAs,
            After = TimeSpan.FromSeconds(afterSeconds),
            DeploymentId = deploymentId,
            AttemptedAt = startedAt ?? clock.GetUtcNow() - TimeSpan.FromMinutes(5),
            FailWith = failWith,
            RefuseWith = refuseWith,
            AnswerLost = answerLost,
        };

    public void StartNewDeployment(string name, string deploymentId, string status = DeploymentStatuses.InProgress)
    {
        var state = _environments[name];
        lock (state)
        {
            state.DeploymentId = deploymentId;
            state.AttemptedAt = clock.GetUtcNow();
            state.Status = status;
            state.SettleAt = null;
        }
    }

    public Task<ProtonEnvironment> CancelEnvironmentDeploymentAsync(string environmentName, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        Calls.Enqueue("Cancel " + environmentName);
        Deadlines.Enqueue(deadline);
        BeforeCancel?.Invoke();
        var state = Find(environmentName, deadline);
        lock (state)
        {
            Advance(state);
            if (state.Status != DeploymentStatuses.InProgress)
            {
                throw new ProtonException("ValidationException", $"deployment is {state.Status}", 400, isRetryable: false);
            }

            if (state.RefuseWith is { } refusal)
            {
                throw new ProtonException(refusal, "the cancel is refused by the test", 400, isRetryable: false);
            }

            state.Status = DeploymentStatuses.Cancelling;
            state.SettleAt = clock.GetUtcNow() + state.After;
            if (state.AnswerLost)
            {
                Advance(state);
                throw new ProtonException(ProtonErrorCodes.Validation, $"deployment is {state.Status}", 400, isRetryable: false) { EarlierAttemptMayHaveTakenEffect = true };
            }

            return Task.FromResult(Snapshot(environmentName, state));
        }
    }

    public Task<ProtonEnvironment> GetEnvironmentAsync(string name, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        Calls.Enqueue("Get " + name);
        Deadlines.Enqueue(deadline);
        BeforeGet?.Invoke(GetCount);
        var state = Find(name, deadline);
        lock (state)
        {
            Advance(state);
            return Task.FromResult(Snapshot(name, state));
        }
    }

    private State Find(string name, DateTimeOffset deadline)
    {
        if (DeadlineClock is { } deadlineClock && deadline <= deadlineClock.GetUtcNow())
        {
            throw new ProtonException("RequestTimeout", "The deadline passed before the Proton call could be sent.", null, isRetryable: true);
        }

        if (Faults.TryDequeue(out var fault))
        {
            throw fault;
        }

        if (!_environments.TryGetValue(name, out var state))
        {
            throw new ProtonException("ResourceNotFoundException", $"environment {name} not found", 400, isRetryable: false);
        }

        if (state.FailWith is { } code)
        {
            throw new ProtonException(code, "denied by the test", 400, isRetryable: false);
        }

        return state;
    }

    private void Advance(State state)
    {
        if (state.Status == DeploymentStatuses.Cancelling && state.SettleAt <= clock.GetUtcNow())
        {
            state.Status = state.SettlesAs;
        }
    }

    private static ProtonEnvironment Snapshot(string name, State state) => new()
    {
        Arn = $"arn:aws:proton:us-east-1:123456789012:environment/{name}",
        Name = name,
        DeploymentStatus = state.Status,
        DeploymentStatusMessage = state.Status == DeploymentStatuses.Cancelled ? "User initiated cancellation." : null,
        LastAttemptedDeploymentId = state.DeploymentId,
        LastDeploymentAttemptedAt = state.AttemptedAt,
    };

    private sealed class State
    {
        public required string Status { get; set; }

        public required string SettlesAs { get; init; }

        public required TimeSpan After { get; init; }

        public required string DeploymentId { get; set; }

        public required DateTimeOffset AttemptedAt { get; set; }

        public string? FailWith { get; init; }

        public string? RefuseWith { get; init; }

        public bool AnswerLost { get; init; }

        public DateTimeOffset? SettleAt { get; set; }
    }
}
