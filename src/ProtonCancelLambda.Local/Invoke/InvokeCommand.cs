using System.Text;
using System.Text.Json;
using ProtonCancelLambda.Local.Clock;
using ProtonCancelLambda.Local.DynamoDb;
using ProtonCancelLambda.Local.EventSource;
using ProtonCancelLambda.Local.Rig;
using ProtonCancelLambda.Local.RuntimeEmulator;
using ProtonCancelLambda.Local.Simulator;
using ProtonCancelLambda.Local.Simulator.Scenario;

namespace ProtonCancelLambda.Local.Invoke;

/// <summary>
/// <c>invoke EVENT.json</c>: runs the function once on the event against the embedded Proton simulator and
/// SNS sink (or a real SNS-compatible endpoint), through the Runtime API emulator. Prints the function's
/// response as one JSON line, then each outcome notification as one JSON line; the function's logs go to
/// stderr so stdout stays machine-readable. With <c>--follow</c>, continuation messages go to a local request
/// queue and are delivered again after their delay (on a clock <c>--speed</c> times faster), one JSON line per
/// invocation, then the outcome lines.
/// </summary>
internal static class InvokeCommand
{
    public static async Task<int> RunAsync(InvokeOptions options, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
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
            return ExitCodes.Usage;
        }

        TimeProvider clock = options.Speed > 1 ? new ScaledTimeProvider(options.Speed) : TimeProvider.System;
        var variables = FunctionEnvironment.Create();
        if (options.SnsEndpoint is { } snsEndpoint)
        {
            variables[Configuration.SettingNames.EndpointUrlSns] = snsEndpoint.ToString();
        }

        await using var rig = await LocalRig.StartAsync(
            new LocalRigOptions
            {
                Simulator = new SimulatorOptions { Scenario = scenario, Clock = clock, SigningClock = clock },
                Variables = variables,
                EmulatorClock = clock,
                Log = TextWriter.Synchronized(error),
            },
            cancellationToken).ConfigureAwait(false);
        if (options.Follow)
        {
            rig.Variables[Configuration.SettingNames.RequestQueueUrl] = rig.Simulator.RequestQueueUrl.ToString();
            rig.Variables[Configuration.SettingNames.EndpointUrlSqs] = rig.Simulator.Endpoint.ToString();
        }

        using var tap = options.SnsEndpoint is null
            ? null
            : await SnsTopicTap.CreateAsync(options.SnsEndpoint, rig.Variables[Configuration.SettingNames.OutcomeTopicArn].Split(':')[^1], cancellationToken).ConfigureAwait(false);
        if (tap is not null)
        {
            rig.Variables[Configuration.SettingNames.OutcomeTopicArn] = tap.TopicArn;
        }

        if (options.IdempotencyTable is { } table && options.DynamoDbEndpoint is { } dynamoDb)
        {
            try
            {
                await IdempotencyTableSetup.EnsureAsync(dynamoDb, table, FunctionEnvironment.Credentials, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is InvalidOperationException or HttpRequestException)
            {
                await error.WriteLineAsync($"invoke: {exception.Message}").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            rig.Variables[Configuration.SettingNames.IdempotencyTableName] = table;
            rig.Variables[Configuration.SettingNames.EndpointUrlDynamoDb] = dynamoDb.ToString();
        }

        var function = rig.StartFunction(options.Aot
            ? FunctionLaunch.Executable(await BootstrapLocator.LocateAsync(error, cancellationToken).ConfigureAwait(false))
            : FunctionLaunch.InProcess(clock));

        async Task<InvocationResult?> CompletedAsync(Task<InvocationResult> invocation)
        {
            await Task.WhenAny(invocation, rig.Emulator.InitError, function.Exited).ConfigureAwait(false);

            // An init error also completes the invocation (Lambda answers the first invoke with it), possibly
            // first: the init error decides, not which task won.
            if (rig.Emulator.InitError.IsCompleted || !invocation.IsCompleted)
            {
                var initError = rig.Emulator.InitError.IsCompleted ? (await rig.Emulator.InitError.ConfigureAwait(false)).BodyText : "the function exited before answering";
                await error.WriteLineAsync($"invoke: the function failed to start: {initError}").ConfigureAwait(false);
                return null;
            }

            return await invocation.ConfigureAwait(false);
        }

        string? invocationError = null;
        if (options.Follow)
        {
            // The run's time counts from the function's first `next`: its init is no part of any watch.
            await Task.WhenAny(rig.Emulator.FirstNextRequest, rig.Emulator.InitError, function.Exited).ConfigureAwait(false);
            var run = new FollowRun(rig.Emulator, rig.Simulator.RequestQueue, TemplateRules.FromRepository(RepositoryRoot.Above(AppContext.BaseDirectory) ?? RepositoryRoot.Above(Directory.GetCurrentDirectory()) ?? throw new InvalidOperationException("No ProtonCancelLambda.sln above this program or the current folder: template.yaml cannot be found.")), clock, options.Timeout, output);
            if (!await run.RunAsync(payload, CompletedAsync, cancellationToken).ConfigureAwait(false))
            {
                return ExitCodes.Failed;
            }
        }
        else
        {
            var result = await CompletedAsync(rig.InvokeAsync(payload, options.Timeout, cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (result is null)
            {
                return ExitCodes.Failed;
            }

            await output.WriteLineAsync(OneLine(result.Body)).ConfigureAwait(false);
            invocationError = result.IsError ? ErrorHint(result) : null;
        }

        var notifications = tap is null
            ? rig.Simulator.SnsMessages.Select(m => m.Message).ToList()
            : await tap.DrainAsync(cancellationToken).ConfigureAwait(false);
        foreach (var notification in notifications)
        {
            await output.WriteLineAsync(OneLine(Encoding.UTF8.GetBytes(notification))).ConfigureAwait(false);
        }

        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        if (invocationError is not null)
        {
            await error.WriteLineAsync(invocationError).ConfigureAwait(false);
            return ExitCodes.Failed;
        }

        return ExitCodes.Success;
    }

    /// <summary>
    /// An invocation error is almost always an event Lambda would never pass (a bare request body, most often):
    /// say so, and where well-formed events are.
    /// </summary>
    private static string ErrorHint(InvocationResult result)
    {
        var errorType = result.ErrorTypeHeader ?? "an error";
        return result.TimedOut
            ? $"invoke: the function did not answer within --timeout ({errorType})."
            : $"invoke: the function answered with {errorType} (printed above). EVENT.json must be an SQS or EventBridge event as Lambda passes it, with the request as a record's body or the event's detail, not a bare request: see events/sqs-cancel.json and events/eventbridge-cancel.json.";
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
