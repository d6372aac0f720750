using System.Text.Json;
using System.Text.RegularExpressions;
using ProtonCancelLambda.Local.Simulator.Protocol;

namespace ProtonCancelLambda.Local.Simulator.Scenario;

/// <summary>Reads and checks scenario files; every problem becomes a <see cref="ScenarioException"/>.</summary>
public static class ScenarioFile
{
    public static SimulationScenario Load(string path)
    {
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ScenarioException($"Cannot read scenario file '{path}': {e.Message}", e);
        }

        try
        {
            return Parse(json);
        }
        catch (ScenarioException e)
        {
            throw new ScenarioException($"Scenario file '{path}': {e.Message}", e);
        }
    }

    public static SimulationScenario Parse(string json)
    {
        SimulationScenario? scenario;
        try
        {
            scenario = JsonSerializer.Deserialize(json, ScenarioJsonContext.Default.SimulationScenario);
        }
        catch (JsonException e)
        {
            throw new ScenarioException($"not valid scenario JSON: {e.Message}", e);
        }

        if (scenario is null)
        {
            throw new ScenarioException("the scenario is null; expected an object with \"environments\".");
        }

        Validate(scenario);
        return scenario;
    }

    private static void Validate(SimulationScenario scenario)
    {
        var environments = scenario.Environments ?? throw new ScenarioException("environments must be a list.");
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < environments.Count; i++)
        {
            var environment = environments[i] ?? throw new ScenarioException($"environments[{i}] is null.");
            var where = $"environments[{i}]";
            Require(environment.Name is not null && ProtonConstraints.IsResourceName(environment.Name), where, $"name '{environment.Name}' must be 1-100 characters matching {ProtonConstraints.ResourceNamePattern}.");
            Require(names.Add(environment.Name!), where, $"name '{environment.Name}' appears more than once.");
            Require(DeploymentStatuses.All.Contains(environment.DeploymentStatus), where, $"deploymentStatus '{environment.DeploymentStatus}' is not one of {string.Join(", ", DeploymentStatuses.All)}.");
            Require(environment.Cancel is not null, where, "cancel must be an object.");
            Require(DeploymentStatuses.CancelOutcomes.Contains(environment.Cancel!.SettlesAs), where, $"cancel.settlesAs '{environment.Cancel.SettlesAs}' is not one of {string.Join(", ", DeploymentStatuses.CancelOutcomes)}.");
            Require(environment.Cancel.AfterSeconds >= 0, where, "cancel.afterSeconds must not be negative.");
            Require(environment.Cancel.RefuseWith is null || ProtonErrors.All.Contains(environment.Cancel.RefuseWith), where, $"cancel.refuseWith '{environment.Cancel.RefuseWith}' is not one of the model's error shapes: {string.Join(", ", ProtonErrors.All)}.");
            Require(environment.Cancel.AnswerDelaySeconds is >= 0 and <= 3600, where, "cancel.answerDelaySeconds must be between 0 and 3600.");
            Require(DeploymentStatuses.CompletionOutcomes.Contains(environment.CompletesAs), where, $"completesAs '{environment.CompletesAs}' is not one of {string.Join(", ", DeploymentStatuses.CompletionOutcomes)}.");
            Require(environment.CompletesAfterSeconds is null or >= 0, where, "completesAfterSeconds must not be negative.");
            Require(environment.FailWith is null || ProtonErrors.All.Contains(environment.FailWith), where, $"failWith '{environment.FailWith}' is not one of the model's error shapes: {string.Join(", ", ProtonErrors.All)}.");
            Require(environment.LastAttemptedDeploymentId is null || environment.LastAttemptedDeploymentId.Length > 0, where, "lastAttemptedDeploymentId must not be empty.");
            Require(environment.Arn is null || Regex.IsMatch(environment.Arn, "^arn:[^:]+:proton:"), where, $"arn '{environment.Arn}' is not a Proton ARN (arn:aws:proton:...).");
        }

        var faults = scenario.Faults ?? throw new ScenarioException("faults must be an object.");
        Require(faults.ThrottleEveryNth >= 0, "faults", "throttleEveryNth must not be negative.");
        Require(faults.ServerErrorRate is >= 0 and <= 1, "faults", "serverErrorRate must be between 0 and 1.");
        Require(faults.LatencyMs >= 0, "faults", "latencyMs must not be negative.");
        foreach (var (operation, limit) in scenario.RateLimits ?? new Dictionary<string, ScenarioRateLimit>())
        {
            var where = $"rateLimits.{operation}";
            Require(ProtonOperations.Names.Contains(operation), where, $"'{operation}' is not an operation of the simulator: {string.Join(", ", ProtonOperations.Names)}.");
            Require(limit is not null, where, "must be an object with perSecond and burst.");
            Require(limit!.PerSecond > 0, where, "perSecond must be above 0.");
            Require(limit.Burst >= 1, where, "burst must be at least 1.");
        }
    }

    private static void Require(bool condition, string where, string problem)
    {
        if (!condition)
        {
            throw new ScenarioException($"{where}: {problem}");
        }
    }
}
