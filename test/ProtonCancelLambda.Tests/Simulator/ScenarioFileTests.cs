using ProtonCancelLambda.Local.Simulator.Scenario;

namespace ProtonCancelLambda.Tests.Simulator;

public class ScenarioFileTests
{
    private const string DesignExample = """
        { "environments": [
            { "name": "prod-network", "arn": "arn:aws:proton:us-east-1:123456789012:environment/prod-network",
              "deploymentStatus": "IN_PROGRESS", "lastAttemptedDeploymentId": "d-0001",
              "cancel": { "settlesAs": "CANCELLED", "afterSeconds": 2 },
              "completesAs": "SUCCEEDED", "completesAfterSeconds": null,
              "failWith": null } ],
          "faults": { "throttleEveryNth": 0, "serverErrorRate": 0.0, "latencyMs": 0, "seed": 1 } }
        """;

    [Fact]
    public void Parse_DesignExample_ReadsEveryField()
    {
        var scenario = ScenarioFile.Parse(DesignExample);

        var environment = Assert.Single(scenario.Environments);
        Assert.Equal("prod-network", environment.Name);
        Assert.Equal("d-0001", environment.LastAttemptedDeploymentId);
        Assert.Equal(DeploymentStatuses.Cancelled, environment.Cancel.SettlesAs);
        Assert.Equal(2, environment.Cancel.AfterSeconds);
        Assert.Null(environment.CompletesAfterSeconds);
        Assert.Equal(1, scenario.Faults.Seed);
    }

    [Fact]
    public void Parse_OnlyName_UsesDefaults()
    {
        var environment = Assert.Single(ScenarioFile.Parse("""{"environments":[{"name":"e1"}]}""").Environments);

        Assert.Equal(DeploymentStatuses.InProgress, environment.DeploymentStatus);
        Assert.Equal(DeploymentStatuses.Cancelled, environment.Cancel.SettlesAs);
        Assert.Equal(2, environment.Cancel.AfterSeconds);
        Assert.Null(environment.FailWith);
    }

    [Theory]
    [InlineData("""{"environments":[{"name":"e1","cancel":{"settlesAs":"DONE"}}]}""", "settlesAs")]
    [InlineData("""{"environments":[{"name":"e1","cancel":{"settleAs":"CANCELLED"}}]}""", "settleAs")]
    [InlineData("""{"environments":[{"deploymentStatus":"IN_PROGRESS"}]}""", "name")]
    [InlineData("""{"environments":[{"name":"bad name"}]}""", "bad name")]
    [InlineData("""{"environments":[{"name":"e1"},{"name":"e1"}]}""", "more than once")]
    [InlineData("""{"environments":[{"name":"e1","failWith":"NopeException"}]}""", "failWith")]
    [InlineData("""{"environments":[{"name":"e1","deploymentStatus":"RUNNING"}]}""", "deploymentStatus")]
    [InlineData("""{"environments":[{"name":"e1","completesAs":"CANCELLED"}]}""", "completesAs")]
    [InlineData("""{"faults":{"serverErrorRate":1.5}}""", "serverErrorRate")]
    [InlineData("""{"environments":[""", "not valid scenario JSON")]
    public void Parse_BadScenario_NamesTheProblem(string json, string named)
    {
        var error = Assert.Throws<ScenarioException>(() => ScenarioFile.Parse(json));
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingFile_NamesThePath()
    {
        var error = Assert.Throws<ScenarioException>(() => ScenarioFile.Load("/nonexistent/scenario.json"));
        Assert.Contains("/nonexistent/scenario.json", error.Message, StringComparison.Ordinal);
    }
}
