using ProtonCancelLambda.Local.Services;
using ProtonCancelLambda.Local.Simulator;
using ProtonCancelLambda.Local.Simulator.Scenario;

namespace ProtonCancelLambda.IntegrationTests.Simulator;

/// <summary>One in-process simulator for a test class; each test uses its own environment names.</summary>
public sealed class SimulatorFixture : IAsyncLifetime
{
    public const string KnownDeploymentId = "11111111-2222-4333-8444-555555555555";

    private AwsSimulator? _simulator;

    public AwsSimulator Simulator => _simulator ?? throw new InvalidOperationException("Not started.");

    public static SimulationScenario Scenario { get; } = ScenarioFile.Parse($$"""
        { "environments": [
            { "name": "cli-get", "lastAttemptedDeploymentId": "{{KnownDeploymentId}}" },
            { "name": "cli-cancel", "cancel": { "settlesAs": "CANCELLED", "afterSeconds": 2 } },
            { "name": "cli-update", "deploymentStatus": "SUCCEEDED" },
            { "name": "cli-not-in-progress", "deploymentStatus": "FAILED" },
            { "name": "cli-denied", "failWith": "AccessDeniedException" },
            { "name": "conf-get" },
            { "name": "conf-cancel", "cancel": { "afterSeconds": 600 } },
            { "name": "conf-settled", "cancel": { "afterSeconds": 0 } },
            { "name": "conf-update", "deploymentStatus": "SUCCEEDED" },
            { "name": "conf-done", "deploymentStatus": "SUCCEEDED" },
            { "name": "conf-denied", "failWith": "AccessDeniedException" },
            { "name": "conf-throttled", "failWith": "ThrottlingException" },
            { "name": "conf-internal", "failWith": "InternalServerException" },
            { "name": "conf-conflict", "failWith": "ConflictException" } ] }
        """);

    public async ValueTask InitializeAsync() =>
        _simulator = await AwsSimulator.StartAsync(new SimulatorOptions { Port = 0, Scenario = Scenario });

    public async ValueTask DisposeAsync()
    {
        if (_simulator is not null)
        {
            await _simulator.DisposeAsync();
        }
    }
}
