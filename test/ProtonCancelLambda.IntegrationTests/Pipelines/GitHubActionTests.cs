using System.Text.Json;
using ProtonCancelLambda.IntegrationTests.Infrastructure;
using ProtonCancelLambda.Local.Simulator.Scenario;

namespace ProtonCancelLambda.IntegrationTests.Pipelines;

/// <summary>
/// action.yml's steps run as GitHub's runner runs a composite action (<c>bash --noprofile --norc -eo pipefail</c>
/// on each <c>run:</c>, inputs through the step's <c>env:</c>, a fresh GITHUB_OUTPUT per step, the action's
/// outputs evaluated from the steps' outputs) against moto, with the function playing the deployed stack.
/// </summary>
public sealed class GitHubActionTests(PublishedBootstrap bootstrap, MotoServerFixture moto) : IClassFixture<MotoServerFixture>
{
    private static readonly SimulationScenario Scenario = ScenarioFile.Parse("""
        {"environments":[
          {"name":"busy-env","cancel":{"settlesAs":"CANCELLED","afterSeconds":1}},
          {"name":"settled-env","deploymentStatus":"SUCCEEDED"}]}
        """);

    [Fact]
    public void TheAction_IsComposite_AndNoRunScriptSplicesAnExpression()
    {
        var action = CompositeAction.Load();

        Assert.Equal("composite", action.Using);
        Assert.All(action.Steps, step => Assert.DoesNotContain("${{", step.Run, StringComparison.Ordinal));
        Assert.Equal(["deploymentId", "outcome", "outcome-json"], action.Outputs.Keys.Order(StringComparer.Ordinal));
        Assert.Subset(action.Inputs.Keys.ToHashSet(), new HashSet<string> { "stack", "queue-url", "topic-arn", "environment", "reason", "timeout", "success-outcomes" });
    }

    [Theory]
    [InlineData("busy-env", "", 0, "CANCELLED")]
    [InlineData("settled-env", "", 12, "NOT_IN_PROGRESS")]
    [InlineData("settled-env", "CANCELLED, NOT_IN_PROGRESS", 0, "NOT_IN_PROGRESS")]
    public async Task TheActionsSteps_WaitForTheOutcome_AndSetTheOutputs(string environment, string successOutcomes, int exitCode, string outcome)
    {
        moto.RequireRunning();
        using var messaging = new MotoMessaging(moto);
        var topicArn = await messaging.CreateTopicAsync("outcomes");
        var requests = await messaging.CreateQueueAsync("requests");
        await using var harness = await FunctionHarness.StartAsync(FunctionMode.InProcess, moto.FunctionEnvironment(topicArn), bootstrap, Scenario);
        var action = CompositeAction.Load();
        var given = new Dictionary<string, string>
        {
            ["environment"] = environment,
            ["queue-url"] = requests.Url,
            ["topic-arn"] = topicArn,
            ["reason"] = "rollback: \"$(touch /tmp/pwned)\" `id`",
            ["timeout"] = "90",
        };
        if (successOutcomes.Length > 0)
        {
            given["success-outcomes"] = successOutcomes;
        }

        var inputs = action.WithDefaults(given);
        var stepOutputs = new Dictionary<string, IReadOnlyDictionary<string, string>>();
        var runnerTemp = Directory.CreateTempSubdirectory("runner-temp-").FullName;
        try
        {
            var step = Assert.Single(action.Steps);
            Assert.Equal("bash", step.Shell);
            var (code, stdout, outputs) = await RunStepAsync(step, inputs, stepOutputs, runnerTemp, messaging, requests, harness);
            stepOutputs[step.Id] = outputs;

            Assert.Equal(exitCode, code);
            var line = JsonDocument.Parse(stdout.Split('\n')[0]).RootElement;
            OutcomeSchema.AssertValid(line);
            Assert.Equal((outcome, "rollback: \"$(touch /tmp/pwned)\" `id`"), (line.GetProperty("outcome").GetString(), line.GetProperty("reason").GetString()));
            var actionOutputs = action.Outputs.ToDictionary(o => o.Key, o => CompositeAction.Evaluate(o.Value, inputs, stepOutputs));
            Assert.Equal(outcome, actionOutputs["outcome"]);
            Assert.Equal(line.GetProperty("deploymentId").GetString(), actionOutputs["deploymentId"]);
            Assert.Equal(line.GetRawText(), actionOutputs["outcome-json"]);
            await CancelAndWaitScript.AssertNothingLeftAsync(moto, topicArn);
        }
        finally
        {
            Directory.Delete(runnerTemp, recursive: true);
        }
    }

    private async Task<(int ExitCode, string StdOut, Dictionary<string, string> Outputs)> RunStepAsync(
        CompositeAction.Step step,
        IReadOnlyDictionary<string, string> inputs,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> stepOutputs,
        string runnerTemp,
        MotoMessaging messaging,
        (string Url, string Arn) requests,
        FunctionHarness harness)
    {
        var scriptFile = Path.Combine(runnerTemp, $"{step.Id}.sh");
        var outputFile = Path.Combine(runnerTemp, $"{step.Id}.output");
        await File.WriteAllTextAsync(scriptFile, step.Run, TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(outputFile, string.Empty, TestContext.Current.CancellationToken);
        var environment = step.Env.ToDictionary(e => e.Key, e => CompositeAction.Evaluate(e.Value, inputs, stepOutputs));
        environment["GITHUB_ACTION_PATH"] = RepoFiles.Root;
        environment["GITHUB_OUTPUT"] = outputFile;
        environment["RUNNER_TEMP"] = runnerTemp;

        // GitHub's command line for shell: bash.
        await using var process = CancelAndWaitScript.StartBash(moto, ["--noprofile", "--norc", "-eo", "pipefail", scriptFile], environment);
        var message = await process.ReceiveRequestAsync(messaging, requests.Url);
        await harness.InvokeAsync(SqsEvents.Batch(SqsEvents.Received(message, requests.Arn)));
        var exitCode = await process.ExitCodeAsync(CancelAndWaitScript.Limit);
        return (exitCode, process.StdOut, GitHubOutputFile.Read(outputFile));
    }
}
