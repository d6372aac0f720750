using System.CommandLine;
using System.Runtime.InteropServices;
using ProtonCancelLambda.Local.Services;
using ProtonCancelLambda.Local.Simulator;
using ProtonCancelLambda.Local.Simulator.Scenario;

namespace ProtonCancelLambda.Local.Commands;

/// <summary><c>simulate --port N [--scenario FILE]</c>: the simulator and SNS sink alone, until Ctrl+C or SIGTERM.</summary>
internal static class SimulateCommand
{
    /// <summary>The <c>simulate</c> command.</summary>
    public static Command Create()
    {
        var port = OptionValues.WholeNumber("--port", "The port on 127.0.0.1 to listen on; 0 picks a free port.", 0, 65535);
        port.Required = true;
        var scenario = new Option<string?>("--scenario")
        {
            Description = "The simulated environments and faults (a scenario file); without it, the simulator's default world.",
            HelpName = "FILE",
        };
        var command = new Command("simulate", "Run the Proton simulator and SNS sink alone until Ctrl+C or SIGTERM; prints 'listening on URL' when ready.")
        {
            port, scenario,
        };
        command.SetAction((result, cancellationToken) => RunAsync(
            result.GetValue(port)!.Value, result.GetValue(scenario), result.InvocationConfiguration.Output, result.InvocationConfiguration.Error, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(int port, string? scenarioPath, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        SimulationScenario? scenario = null;
        if (scenarioPath is not null)
        {
            try
            {
                scenario = ScenarioFile.Load(scenarioPath);
            }
            catch (ScenarioException e)
            {
                await error.WriteLineAsync($"simulate: {e.Message}").ConfigureAwait(false);
                return ExitCodes.Usage;
            }
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

        AwsSimulator simulator;
        try
        {
            simulator = await AwsSimulator.StartAsync(new SimulatorOptions { Port = port, Scenario = scenario, Output = output }, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            // Kestrel reports a port in use or not permitted as an IOException; say which port, not a stack trace.
            await error.WriteLineAsync($"simulate: cannot listen on 127.0.0.1:{port}: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Failed;
        }

        await using var running = simulator.ConfigureAwait(false);
        await output.WriteLineAsync($"listening on http://127.0.0.1:{simulator.Endpoint.Port}").ConfigureAwait(false);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);

        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C or SIGTERM: a normal way to end the simulator.
        }

        return ExitCodes.Success;

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }
    }
}
