namespace ProtonCancelLambda.Local.Simulator.Scenario;

/// <summary>A scenario file (format in src/ProtonCancelLambda.Local/README.md): which environments exist and how they behave.</summary>
public sealed record SimulationScenario
{
    public IReadOnlyList<ScenarioEnvironment> Environments { get; set; } = [];

    public ScenarioFaults Faults { get; set; } = new();

    /// <summary>Per operation name (GetEnvironment, ...): the account's rate limit on it; absent: unlimited.</summary>
    public IReadOnlyDictionary<string, ScenarioRateLimit>? RateLimits { get; set; }
}

/// <summary>One environment. Times count from the moment of the cancel, except <see cref="CompletesAfterSeconds"/>.</summary>
public sealed record ScenarioEnvironment
{
    public required string Name { get; set; }

    public string? Arn { get; set; }

    public string DeploymentStatus { get; set; } = DeploymentStatuses.InProgress;

    public string? LastAttemptedDeploymentId { get; set; }

    /// <summary>
    /// When the current deployment started, as Proton's <c>lastDeploymentAttemptedAt</c> reports it. Null: the
    /// default, early enough that the sample events' request times come after it.
    /// </summary>
    public DateTimeOffset? LastDeploymentAttemptedAt { get; set; }

    public ScenarioCancel Cancel { get; set; } = new();

    /// <summary>How an uncancelled deployment ends, <see cref="CompletesAfterSeconds"/> after simulator start.</summary>
    public string CompletesAs { get; set; } = DeploymentStatuses.Succeeded;

    /// <summary>Null: the deployment stays IN_PROGRESS until cancelled.</summary>
    public double? CompletesAfterSeconds { get; set; }

    /// <summary>An error shape name (for example AccessDeniedException) that every call on this environment returns.</summary>
    public string? FailWith { get; set; }
}

public sealed record ScenarioCancel
{
    public string SettlesAs { get; set; } = DeploymentStatuses.Cancelled;

    public double AfterSeconds { get; set; } = 2;

    /// <summary>
    /// An error shape name (ValidationException, ConflictException...) that a cancel of the IN_PROGRESS deployment
    /// answers instead of cancelling it: Proton refusing. The deployment carries on.
    /// </summary>
    public string? RefuseWith { get; set; }

    /// <summary>
    /// The cancel takes effect at once but its answer comes this many seconds later; longer than the client's
    /// attempt timeout, the client gives up and retries a cancel that was already carried out.
    /// </summary>
    public double AnswerDelaySeconds { get; set; }
}

public sealed record ScenarioFaults
{
    /// <summary>Every Nth Proton call answers ThrottlingException; 0 turns it off.</summary>
    public int ThrottleEveryNth { get; set; }

    /// <summary>Share of Proton calls (0..1) that answer InternalServerException, drawn from a Random seeded with <see cref="Seed"/>.</summary>
    public double ServerErrorRate { get; set; }

    public int LatencyMs { get; set; }

    public int Seed { get; set; } = 1;
}

/// <summary>A token bucket: <see cref="Burst"/> calls at once, refilled at <see cref="PerSecond"/> calls a second.</summary>
public sealed record ScenarioRateLimit
{
    public double PerSecond { get; set; }

    public double Burst { get; set; } = 1;
}
