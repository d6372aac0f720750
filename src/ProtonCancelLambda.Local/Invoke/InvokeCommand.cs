using System.Text;
using System.Text.Json;
using ProtonCancelLambda.Local.Commands;
using ProtonCancelLambda.Local.RuntimeEmulator;
using ProtonCancelLambda.Local.Simulator;
using ProtonCancelLambda.Local.Simulator.Scenario;
using ProtonCancelLambda.Local.Simulator.Signing;

namespace ProtonCancelLambda.Local.Invoke;

/// <summary>
/// <c>invoke EVENT.json</c>: runs the function once on the event against the embedded Proton simulator and
/// SNS sink (or a real SNS-compatible endpoint), through the Runtime API emulator. Prints the function's
/// response as one JSON line, then each outcome notification as one JSON line; the function's logs go to
/// stderr so stdout stays machine-readable.
/// </summary>
internal static class InvokeCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (!InvokeOptions.TryParse(args, out var options, out var problem))
        {
            await error.WriteLineAsync($"invoke: {problem}\n{CommandLine.Usage}").ConfigureAwait(false);
            return 2;
        }

        byte[] payload;
        SimulationScenario? scenario;
        try
        {
            payload = await File.ReadAllBytesAsync(options.EventPath, cancellationToken).ConfigureAwait(false);
            scenario = options.ScenarioPath is null ? null : ScenarioFile.Load(options.ScenarioPath);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ScenarioException)
        {
            await error.WriteLineAsync($"invoke: {exception.Message}").ConfigureAwait(false);
            return 2;
        }

        var (accessKeyId, secretAccessKey) = FunctionEnvironment.Credentials;
        var credentials = SimulatorCredentials.DefaultAnd(accessKeyId, secretAccessKey);
        await using var simulator = await ProtonSimulator.StartAsync(new SimulatorOptions { Scenario = scenario, Credentials = credentials }, cancellationToken).ConfigureAwait(false);
        var environment = FunctionEnvironment.Create(simulator.Endpoint, options.SnsEndpoint ?? simulator.Endpoint);
        using var tap = options.SnsEndpoint is null
            ? null
            : await SnsTopicTap.CreateAsync(options.SnsEndpoint, environment[Configuration.SettingNames.OutcomeTopicArn].Split(':')[^1], cancellationToken).ConfigureAwait(false);
        if (tap is not null)
        {
            environment[Configuration.SettingNames.OutcomeTopicArn] = tap.TopicArn;
        }

        if (options.IdempotencyTable is { } table && options.DynamoDbEndpoint is { } dynamoDb)
        {
            try
            {
                await IdempotencyTableSetup.EnsureAsync(dynamoDb, table, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is InvalidOperationException or HttpRequestException)
            {
                await error.WriteLineAsync($"invoke: {exception.Message}").ConfigureAwait(false);
                return 2;
            }

            environment[Configuration.SettingNames.IdempotencyTableName] = table;
            environment[Configuration.SettingNames.EndpointUrlDynamoDb] = dynamoDb.ToString();
        }

        await using var emulator = await RuntimeApiEmulator.StartAsync(cancellationToken).ConfigureAwait(false);
        var log = TextWriter.Synchronized(error);
        await using var function = options.Aot
            ? FunctionHost.StartExecutable(await BootstrapLocator.LocateAsync(error, cancellationToken).ConfigureAwait(false), emulator, environment, log)
            : FunctionHost.StartInProcess(emulator, environment, log);

        var invocation = emulator.InvokeAsync(new InvocationRequest(payload) { Timeout = options.Timeout }, cancellationToken);
        await Task.WhenAny(invocation, emulator.InitError, function.Exited).ConfigureAwait(false);

        // An init error also completes the invocation (Lambda answers the first invoke with it), possibly first:
        // the init error decides, not which task won.
        if (emulator.InitError.IsCompleted || !invocation.IsCompleted)
        {
            var initError = emulator.InitError.IsCompleted ? (await emulator.InitError.ConfigureAwait(false)).BodyText : "the function exited before answering";
            await error.WriteLineAsync($"invoke: the function failed to start: {initError}").ConfigureAwait(false);
            return 1;
        }

        var result = await invocation.ConfigureAwait(false);
        await output.WriteLineAsync(OneLine(result.Body)).ConfigureAwait(false);
        var notifications = tap is null
            ? simulator.SnsMessages.Select(m => m.Message).ToList()
            : await tap.DrainAsync(cancellationToken).ConfigureAwait(false);
        foreach (var notification in notifications)
        {
            await output.WriteLineAsync(OneLine(Encoding.UTF8.GetBytes(notification))).ConfigureAwait(false);
        }

        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        return 0;
    }

    private static string OneLine(byte[] json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return JsonSerializer.Serialize(document.RootElement, InvokeJsonContext.Readable.JsonElement);
        }
        catch (JsonException)
        {
            return Encoding.UTF8.GetString(json).ReplaceLineEndings(" ");
        }
    }
}
