namespace ProtonCancelLambda.Local.Simulator.Scenario;

/// <summary>A scenario file (see DESIGN.md, "Scenario file"): which environments exist and how they behave.</summary>
public sealed record SimulationScenario
{
    public IReadOnlyList<ScenarioEnvironment> Environments { get; init; } = [];

    public ScenarioFaults Faults { get; init; } = new();
}

/// <summary>One environment. Times count from the moment of the cancel, except <see cref="CompletesAfterSeconds"/>.</summary>
public sealed record ScenarioEnvironment
{
    public required string Name { get; init; }

    public string? Arn { get; init; }

    public string DeploymentStatus { get; init; } = DeploymentStatuses.InProgress;

    public string? LastAttemptedDeploymentId { get; init; }

    public ScenarioCancel Cancel { get; init; } = new();

    /// <summary>How an uncancelled deployment ends, <see cref="CompletesAfterSeconds"/> after simulator start.</summary>
    public string CompletesAs { get; init; } = DeploymentStatuses.Succeeded;

    /// <summary>Null: the deployment stays IN_PROGRESS until cancelled.</summary>
    public double? CompletesAfterSeconds { get; init; }

    /// <summary>An error shape name (for example AccessDeniedException) that every call on this environment returns.</summary>
    public string? FailWith { get; init; }
}

public sealed record ScenarioCancel
{
    public string SettlesAs { get; init; } = DeploymentStatuses.Cancelled;

    public double AfterSeconds { get; init; } = 2;
}

public sealed record ScenarioFaults
{
    /// <summary>Every Nth Proton call answers ThrottlingException; 0 turns it off.</summary>
    public int ThrottleEveryNth { get; init; }

    /// <summary>Share of Proton calls (0..1) that answer InternalServerException, drawn from a Random seeded with <see cref="Seed"/>.</summary>
    public double ServerErrorRate { get; init; }

    public int LatencyMs { get; init; }

    public int Seed { get; init; } = 1;
}
