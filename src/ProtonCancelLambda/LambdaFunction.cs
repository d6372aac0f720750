using ProtonCancelLambda.Bootstrap;
using ProtonCancelLambda.Configuration;
using ProtonCancelLambda.Logging;
using ProtonCancelLambda.RuntimeApi;

namespace ProtonCancelLambda;

/// <summary>
/// The function from init to exit. Public so that the local emulator and tests can run it in-process with
/// their own environment and log writer; <c>Program</c> runs it with the real ones.
/// </summary>
public static class LambdaFunction
{
    public static Task<int> RunAsync(IEnvironmentVariables environment, TextWriter logOutput, CancellationToken cancellationToken) =>
        RunAsync(environment, logOutput, TimeProvider.System, cancellationToken);

    /// <summary>
    /// With a clock of the caller's: the local <c>invoke --follow --speed</c> runs the function, the simulator
    /// and the Runtime API emulator on one faster clock, so long watches can be seen end to end.
    /// </summary>
    public static async Task<int> RunAsync(IEnvironmentVariables environment, TextWriter logOutput, TimeProvider clock, CancellationToken cancellationToken)
    {
        var runtimeApiAddress = environment.Get(SettingNames.RuntimeApi);
        if (string.IsNullOrWhiteSpace(runtimeApiAddress))
        {
            await logOutput.WriteLineAsync($"{SettingNames.RuntimeApi} is not set: this program runs as an AWS Lambda custom runtime (or under the local emulator).").ConfigureAwait(false);
            return 1;
        }

        using var http = RuntimeApiClient.CreateHttpClient();
        var runtimeApi = new RuntimeApiClient(http, runtimeApiAddress, clock);
        var logger = new LambdaLogger(logOutput, LogOptions.Default, clock);
        IInvocationHandler handler;
        try
        {
            logger = new LambdaLogger(logOutput, LogOptions.Read(environment), clock);
            var settings = SettingsReader.Read(environment);
            handler = FunctionComposition.CreateHandler(settings, environment, logger, clock);
        }
        catch (SettingsException exception)
        {
            logger.Fatal(exception, "Configuration error: {ErrorMessage}", exception.Message);
            await ReportInitErrorAsync(runtimeApi, logger, exception, cancellationToken).ConfigureAwait(false);
            return 1;
        }

        // Nothing that can wait runs before the first next: its call ends Lambda's Init Duration.
        return await new LambdaBootstrap(new WarmUpAfterFirstNext(runtimeApi), handler, environment, logger, clock).RunAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task ReportInitErrorAsync(RuntimeApiClient runtimeApi, LambdaLogger logger, SettingsException exception, CancellationToken cancellationToken)
    {
        try
        {
            await runtimeApi.SendInitErrorAsync(ErrorReport.From(exception, "Runtime.ConfigurationError"), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception reportFailure) when (reportFailure is RuntimeApiException or HttpRequestException)
        {
            // The process exits non-zero either way; Lambda then reports Runtime.ExitError.
            logger.Fatal(reportFailure, "Could not report the init error: {ErrorMessage}", reportFailure.Message);
        }
    }
}
