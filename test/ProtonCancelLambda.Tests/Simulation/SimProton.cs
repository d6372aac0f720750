using ProtonCancelLambda.Aws.Proton;

namespace ProtonCancelLambda.Tests.Simulation;

/// <summary>
/// Proton's environments: each has a deployment IN_PROGRESS when its request is made, which may end on its own;
/// a cancel moves it to CANCELLING and, some time later, CANCELLED (or FAILED when the cancel does not take).
/// After the deployment ends a new one may start, later than the request: no request may cancel that one.
/// Every cancel call that reaches Proton is recorded, with its deployment.
/// </summary>
internal sealed class SimProton(SimScheduler scheduler, SimCalls calls, FaultRates faults) : IProtonEnvironments
{
    private readonly Dictionary<string, SimEnvironment> _environments = new(StringComparer.Ordinal);

    public List<CancelCall> Cancels { get; } = [];

    public IReadOnlyCollection<SimEnvironment> Environments => _environments.Values;

    /// <summary>An environment whose deployment started before <paramref name="requestAt"/> and runs until a cancel or its own end.</summary>
    public void Add(string name, DateTimeOffset requestAt)
    {
        var choices = scheduler.Choices;
        var environment = new SimEnvironment(name, choices.Chance(150) ? 1 : 0);
        _environments.Add(name, environment);
        var first = environment.Start(requestAt - choices.Seconds(1, 600));

        // Some deployments end on their own, before or while the request is worked on.
        if (choices.Chance(200))
        {
            scheduler.At(requestAt + choices.Seconds(0, 120), $"{name}: {first.Id} succeeds on its own", () => Settle(environment, first, "SUCCEEDED"));
        }
    }

    public Task<ProtonEnvironment> GetEnvironmentAsync(string name, DateTimeOffset deadline, CancellationToken cancellationToken) =>
        calls.Call($"Proton GetEnvironment {name}", faults, deadline, cancellationToken, () => Find(name).Snapshot(), Error);

    public Task<ProtonEnvironment> CancelEnvironmentDeploymentAsync(string environmentName, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var calledAt = scheduler.Now;
        return calls.Call($"Proton CancelEnvironmentDeployment {environmentName}", faults, deadline, cancellationToken, () => Cancel(environmentName, calledAt), Error);
    }

    private ProtonEnvironment Cancel(string name, DateTimeOffset calledAt)
    {
        var environment = Find(name);
        var deployment = environment.Current;
        var took = deployment.Status == "IN_PROGRESS";
        Cancels.Add(new CancelCall(name, deployment, took, scheduler.Now, calledAt));
        if (!took)
        {
            throw new ProtonException(ProtonErrorCodes.Validation, $"Environment {name} has no deployment in progress ({deployment.Status}).", 400, isRetryable: false);
        }

        deployment.Status = "CANCELLING";
        var choices = scheduler.Choices;
        var settle = choices.Chance(50) ? "FAILED" : "CANCELLED";
        scheduler.At(scheduler.Now + choices.Seconds(1, 1200), $"{name}: {deployment.Id} becomes {settle}", () => Settle(environment, deployment, settle));
        return environment.Snapshot();
    }

    private void Settle(SimEnvironment environment, SimDeployment deployment, string status)
    {
        // A deployment ends on its own only while in progress; a cancelled one only once it is CANCELLING.
        if (deployment.Status != (status == "SUCCEEDED" ? "IN_PROGRESS" : "CANCELLING"))
        {
            return;
        }

        deployment.Status = status;
        if (environment.FollowUps > 0)
        {
            environment.FollowUps--;
            var choices = scheduler.Choices;
            var at = scheduler.Now + choices.Seconds(1, 600);
            scheduler.At(at, $"{environment.Name}: a new deployment starts", () =>
            {
                var next = environment.Start(scheduler.Now);
                scheduler.At(scheduler.Now + choices.Seconds(30, 900), $"{environment.Name}: {next.Id} succeeds on its own", () => Settle(environment, next, "SUCCEEDED"));
            });
        }
    }

    private SimEnvironment Find(string name) =>
        _environments.GetValueOrDefault(name) ?? throw new ProtonException(ProtonErrorCodes.ResourceNotFound, $"Environment {name} not found.", 404, isRetryable: false);

    private static ProtonException Error(string code, string message) => new(code == "ThrottlingException" ? ProtonErrorCodes.Throttling : ProtonErrorCodes.InternalServer, message, 500, isRetryable: true);
}

internal sealed class SimEnvironment(string name, int followUps)
{
    private readonly List<SimDeployment> _deployments = [];

    public string Name { get; } = name;

    public int FollowUps { get; set; } = followUps;

    public SimDeployment Current => _deployments[^1];

    public SimDeployment Start(DateTimeOffset at)
    {
        var deployment = new SimDeployment($"{Name}-d{_deployments.Count + 1}", at);
        _deployments.Add(deployment);
        return deployment;
    }

    public ProtonEnvironment Snapshot() => new()
    {
        Arn = $"arn:aws:proton:us-east-1:123456789012:environment/{Name}",
        Name = Name,
        DeploymentStatus = Current.Status,
        LastAttemptedDeploymentId = Current.Id,
        LastDeploymentAttemptedAt = Current.StartedAt,
        CreatedAt = _deployments[0].StartedAt,
    };
}

internal sealed class SimDeployment(string id, DateTimeOffset startedAt)
{
    public string Id { get; } = id;

    public DateTimeOffset StartedAt { get; } = startedAt;

    public string Status { get; set; } = "IN_PROGRESS";
}

/// <summary>A cancel that reached Proton: on which deployment, whether it took (the deployment was IN_PROGRESS), when.</summary>
/// <summary>A cancel as it took effect (<paramref name="At"/>), from a call the function made at <paramref name="CalledAt"/>.</summary>
internal sealed record CancelCall(string EnvironmentName, SimDeployment Deployment, bool Took, DateTimeOffset At, DateTimeOffset CalledAt);
