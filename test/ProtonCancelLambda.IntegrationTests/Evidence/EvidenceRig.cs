using System.Text;
using ProtonCancelLambda.IntegrationTests.Infrastructure;
using ProtonCancelLambda.Local.Rig;
using ProtonCancelLambda.Local.RuntimeEmulator;
using ProtonCancelLambda.Local.Simulator;
using ProtonCancelLambda.Local.Simulator.Scenario;

namespace ProtonCancelLambda.IntegrationTests.Evidence;

/// <summary>
/// The local rig as the evidence scenarios run it: the published AOT <c>bootstrap</c>, logging at INFO to a
/// file per scenario. Unlike <see cref="FunctionHarness"/> the scenarios kill the function process and start it
/// again on the same emulator (<see cref="LocalRig.RestartFunctionAsync"/>), as Lambda replaces a crashed
/// execution environment.
/// </summary>
public static class EvidenceRig
{
    public static async Task<LocalRig> StartAsync(string name, PublishedBootstrap bootstrap, SimulationScenario scenario, IReadOnlyDictionary<string, string> environment)
    {
        var variables = new Dictionary<string, string>(FunctionHarness.BaseEnvironment);
        foreach (var (key, value) in environment)
        {
            variables[key] = value;
        }

        // Lambda sets the function's name; with it the function passes its trace header on, as the AWS SDKs do.
        variables.TryAdd("AWS_LAMBDA_FUNCTION_NAME", "ProtonCancelFunction");

        // INFO keeps the per-scenario log readable (DEBUG logs every poll) and the pipes cheap under load.
        variables["AWS_LAMBDA_LOG_LEVEL"] = "INFO";
        var launch = FunctionLaunch.Executable(await bootstrap.GetPathAsync());

        // The function's log goes to a file per scenario: the evidence when a scenario fails.
        var rig = await LocalRig.StartAsync(new LocalRigOptions
        {
            Simulator = new SimulatorOptions { Scenario = scenario },
            Variables = variables,
            Log = new StreamWriter(EvidenceSummary.PathFor(name + ".log"), append: false, Encoding.UTF8) { AutoFlush = true },
            DisposeLog = true,
        });
        rig.StartFunction(launch);
        return rig;
    }
}
