using ProtonCancelLambda.Configuration;
using ProtonCancelLambda.Logging;
using ProtonCancelLambda.RuntimeApi;

namespace ProtonCancelLambda.Bootstrap;

/// <summary>The runtime loop: fetch the next event, hand it to the handler, post its response or error.</summary>
public sealed class LambdaBootstrap
{
    private readonly IRuntimeApiClient _runtimeApi;
    private readonly IInvocationHandler _handler;
    private readonly IEnvironmentVariables _environment;
    private readonly LambdaLogger _logger;
    private readonly TimeProvider _clock;

    public LambdaBootstrap(IRuntimeApiClient runtimeApi, IInvocationHandler handler, IEnvironmentVariables environment, LambdaLogger logger, TimeProvider clock)
    {
        _runtimeApi = runtimeApi;
        _handler = handler;
        _environment = environment;
        _logger = logger;
        _clock = clock;
    }

    /// <summary>Runs until cancelled (exit code 0) or until the Runtime API fails for good (non-zero).</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var invocation = await _runtimeApi.NextInvocationAsync(cancellationToken).ConfigureAwait(false);
                await InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
            }

            return 0;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return 0;
        }
        catch (RuntimeApiException exception)
        {
            // A 500 means the container is in a non-recoverable state; other refusals here mean the
            // runtime and the API disagree about the protocol, which retrying cannot fix either.
            _logger.Fatal(exception, "Runtime API failed; exiting");
            return 2;
        }
        catch (HttpRequestException exception)
        {
            _logger.Fatal(exception, "Runtime API unreachable; exiting");
            return 3;
        }
    }

    private async Task InvokeAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        // Every line from here to the answer carries the request id, and no later line does, however it ends.
        _logger.BeginInvocation(invocation.Context.RequestId);
        try
        {
            await HandleAndAnswerAsync(invocation, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _logger.BeginInvocation(null);
        }
    }

    private async Task HandleAndAnswerAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var context = invocation.Context;
        _environment.Set(SettingNames.TraceId, context.TraceId);
        _logger.Debug(
            "Invocation started with {RemainingMs} ms left, trace {TraceId}",
            (long)context.RemainingTime(_clock).TotalMilliseconds,
            _environment.Get(SettingNames.TraceId));

        byte[] response;
        try
        {
            response = await _handler.HandleAsync(invocation, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _logger.Error(exception, "Invocation failed: {ErrorMessage}", exception.Message);
            await _runtimeApi.SendInvocationErrorAsync(context.RequestId, ErrorReport.From(exception), cancellationToken).ConfigureAwait(false);
            return;
        }

        try
        {
            await _runtimeApi.SendResponseAsync(context.RequestId, response, cancellationToken).ConfigureAwait(false);
        }
        catch (RuntimeApiException exception) when (!exception.IsFatal)
        {
            // For example 413: the response was too large. Report it as the invocation's error so the
            // caller learns why instead of waiting for a timeout.
            _logger.Error(exception, "Runtime API refused the response: {ErrorMessage}", exception.Message);
            await _runtimeApi.SendInvocationErrorAsync(context.RequestId, ErrorReport.From(exception, "Runtime.ResponseRejected"), cancellationToken).ConfigureAwait(false);
        }
    }
}
