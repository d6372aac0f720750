using ProtonCancelLambda.Local.Simulator.Metrics;
using ProtonCancelLambda.Local.Simulator.Protocol;
using ProtonCancelLambda.Local.Simulator.Scenario;

namespace ProtonCancelLambda.Local.Simulator.Environments;

/// <summary>
/// The simulated environments. With a scenario only its environments exist; without one, any name asked
/// for exists with the default behaviour (IN_PROGRESS, settles CANCELLED 2 s after a cancel), as
/// <c>invoke</c> without a scenario is documented to behave.
/// </summary>
internal sealed class EnvironmentStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, SimulatedEnvironment> _environments = new(StringComparer.Ordinal);
    private readonly bool _createOnDemand;
    private readonly DateTimeOffset _startedAt;

    public EnvironmentStore(SimulationScenario? scenario, DateTimeOffset startedAt)
    {
        _startedAt = startedAt;
        _createOnDemand = scenario is null;
        foreach (var environment in scenario?.Environments ?? [])
        {
            _environments[environment.Name] = new SimulatedEnvironment(environment, startedAt);
        }
    }

    /// <summary>Runs <paramref name="action"/> on the named environment under the store's lock.</summary>
    public T With<T>(string name, Func<SimulatedEnvironment, T> action)
    {
        lock (_lock)
        {
            if (!_environments.TryGetValue(name, out var environment))
            {
                if (!_createOnDemand)
                {
                    throw new ProtonException(ProtonErrors.ResourceNotFound, $"The environment '{name}' was not found.");
                }

                environment = new SimulatedEnvironment(new ScenarioEnvironment { Name = name }, _startedAt);
                _environments[name] = environment;
            }

            if (environment.FailWith is { } code)
            {
                throw new ProtonException(code, $"Simulated {code} for environment '{name}' (scenario failWith).");
            }

            return action(environment);
        }
    }

    public EnvironmentTimeline? Timeline(string name, DateTimeOffset now)
    {
        lock (_lock)
        {
            return _environments.TryGetValue(name, out var environment) ? environment.Timeline(now) : null;
        }
    }

    public IReadOnlyList<EnvironmentTimeline> Timelines(DateTimeOffset now)
    {
        lock (_lock)
        {
            return [.. _environments.Values.Select(e => e.Timeline(now))];
        }
    }
}
