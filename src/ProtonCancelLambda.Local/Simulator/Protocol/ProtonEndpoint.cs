using Microsoft.AspNetCore.Http;
using ProtonCancelLambda.Local.Simulator.Faults;
using ProtonCancelLambda.Local.Simulator.Metrics;
using ProtonCancelLambda.Local.Simulator.RateLimits;
using ProtonCancelLambda.Local.Simulator.Signing;

namespace ProtonCancelLambda.Local.Simulator.Protocol;

/// <summary>
/// Serves one AWS JSON 1.0 request in the order AWS does: authenticate, resolve the operation, the account's
/// rate limit, then the injected faults, then the operation itself.
/// </summary>
internal sealed class ProtonEndpoint(SigV4Verifier verifier, ProtonOperations operations, AccountRateLimits rateLimits, FaultInjector faults, CallCounters counters, RequestLog log, TimeProvider clock)
{
    public const string SigningName = "proton";

    public async Task HandleAsync(HttpContext context, string rawTarget, byte[] body)
    {
        var target = context.Request.Headers["X-Amz-Target"].ToString();
        var operation = target.StartsWith(ProtonOperations.TargetPrefix, StringComparison.Ordinal) ? target[ProtonOperations.TargetPrefix.Length..] : target;
        try
        {
            Authenticate(context, rawTarget, body);
            if (context.Request.Method != HttpMethods.Post || !target.StartsWith(ProtonOperations.TargetPrefix, StringComparison.Ordinal) || !ProtonOperations.Names.Contains(operation))
            {
                counters.Rejected();
                throw new ProtonException(ProtonErrors.UnknownOperation, target.Length == 0 ? "Missing X-Amz-Target header." : $"Unknown operation {target}.");
            }

            counters.Operation(operation);
            if (!rateLimits.Admit(operation))
            {
                counters.Throttled(operation);
                throw new ProtonException(ProtonErrors.Throttling, "Rate exceeded");
            }

            await ApplyFaultsAsync(operation, context.RequestAborted).ConfigureAwait(false);
            counters.Served(operation);
            var environment = operations.Invoke(operation, InputReader.Parse(body));
            log.Write($"{operation} {environment.Name} -> 200 {environment.DeploymentStatus}");
            if (operations.AnswerDelay(operation, environment.Name) is { } delay && delay > TimeSpan.Zero)
            {
                // Done, but answered late: a client that gives up first never learns that it was done.
                await Task.Delay(delay, clock, context.RequestAborted).ConfigureAwait(false);
            }

            await AwsJsonWriter.WriteEnvironmentAsync(context.Response, environment).ConfigureAwait(false);
        }
        catch (ProtonException e)
        {
            log.Write($"{(operation.Length == 0 ? "(no target)" : operation)} -> {e.StatusCode} {e.Code}");
            await AwsJsonWriter.WriteErrorAsync(context.Response, e.Code, e.Message).ConfigureAwait(false);
        }
    }

    private void Authenticate(HttpContext context, string rawTarget, byte[] body)
    {
        if (verifier.Verify(context.Request, rawTarget, body, SigningName) is not { } failure)
        {
            return;
        }

        counters.Rejected();
        var code = failure.Kind switch
        {
            SigV4FailureKind.MissingAuthentication => ProtonErrors.MissingAuthenticationToken,
            SigV4FailureKind.IncompleteSignature => ProtonErrors.IncompleteSignature,
            SigV4FailureKind.UnknownAccessKey => ProtonErrors.UnrecognizedClient,
            _ => ProtonErrors.InvalidSignature,
        };
        throw new ProtonException(code, failure.Message);
    }

    private async Task ApplyFaultsAsync(string operation, CancellationToken cancellationToken)
    {
        try
        {
            await faults.ApplyAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ProtonException e)
        {
            if (e.Code == ProtonErrors.Throttling)
            {
                counters.Throttled(operation);
            }
            else
            {
                counters.ServerError();
            }

            throw;
        }
    }
}
