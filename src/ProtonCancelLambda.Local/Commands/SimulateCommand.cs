using System.Globalization;
using System.Runtime.InteropServices;
using ProtonCancelLambda.Local.Services;
using ProtonCancelLambda.Local.Simulator;
using ProtonCancelLambda.Local.Simulator.Scenario;

namespace ProtonCancelLambda.Local.Commands;

/// <summary><c>simulate --port N [--scenario FILE]</c>: the simulator and SNS sink alone, until Ctrl+C or SIGTERM.</summary>
internal static class SimulateCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (!TryParse(args, out var port, out var scenarioPath, out var problem))
        {
            await error.WriteLineAsync($"simulate: {problem}\n{CommandLine.Usage}").ConfigureAwait(false);
            return 2;
        }

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
                return 2;
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
            return 1;
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

        return 0;

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }
    }

    private static bool TryParse(IReadOnlyList<string> args, out int port, out string? scenario, out string problem)
    {
        port = -1;
        scenario = null;
        problem = string.Empty;
        for (var i = 0; i < args.Count; i++)
        {
            var value = i + 1 < args.Count ? args[i + 1] : null;
            switch (args[i])
            {
                case "--port" when value is not null && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed <= 65535:
                    port = parsed;
                    i++;
                    break;
                case "--scenario" when value is not null:
                    scenario = value;
                    i++;
                    break;
                default:
                    problem = $"unexpected or incomplete argument '{args[i]}'.";
                    return false;
            }
        }

        if (port < 0)
        {
            problem = "--port N is required (0 picks a free port).";
            return false;
        }

        return true;
    }
}
