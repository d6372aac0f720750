using Microsoft.AspNetCore.Http;
using ProtonCancelLambda.Local.Simulator;
using ProtonCancelLambda.Local.Simulator.Signing;

namespace ProtonCancelLambda.Local.Sns;

/// <summary>
/// An SNS Query-protocol endpoint that accepts Publish for any topic ARN and records the message, so the
/// function can be run end to end with no Python or moto at all.
/// </summary>
internal sealed class SnsSink(SigV4Verifier verifier, SnsMessageLog messages, SnsFaultSwitch faults, TimeProvider clock, RequestLog log)
{
    public const string SigningName = "sns";

    public async Task HandleAsync(HttpContext context, string rawTarget, byte[] body, string requestId)
    {
        try
        {
            Authenticate(context, rawTarget, body);
            var form = PublishRequestReader.ReadForm(body);
            var action = form.TryGetValue("Action", out var value) ? value.ToString() : string.Empty;
            if (action != "Publish")
            {
                throw new SnsException(new SnsError("InvalidAction", 400, $"The action {action} is not valid for this web service."));
            }

            if (!await ApplyFaultAsync(context).ConfigureAwait(false))
            {
                return;
            }

            var message = PublishRequestReader.Read(form, Guid.NewGuid().ToString("D"), clock.GetUtcNow());
            messages.Add(message);
            log.Write($"SNS Publish {message.TopicArn} -> 200 {message.MessageId}");
            await SnsXml.WritePublishResponseAsync(context.Response, message.MessageId, requestId).ConfigureAwait(false);
        }
        catch (SnsException e)
        {
            log.Write($"SNS -> {e.Error.StatusCode} {e.Error.Code}");
            await SnsXml.WriteErrorAsync(context.Response, e.Error, requestId).ConfigureAwait(false);
        }
    }

    private void Authenticate(HttpContext context, string rawTarget, byte[] body)
    {
        if (verifier.Verify(context.Request, rawTarget, body, SigningName) is not { } failure)
        {
            return;
        }

        // The Query protocol names these errors without the "Exception" suffix the JSON protocol uses.
        throw new SnsException(failure.Kind switch
        {
            SigV4FailureKind.MissingAuthentication => new SnsError("MissingAuthenticationToken", 403, "Request is missing Authentication Token"),
            SigV4FailureKind.IncompleteSignature => new SnsError("IncompleteSignature", 400, failure.Message),
            SigV4FailureKind.UnknownAccessKey => new SnsError("InvalidClientTokenId", 403, failure.Message),
            _ => new SnsError("SignatureDoesNotMatch", 403, failure.Message),
        });
    }

    /// <summary>False when the connection was dropped and nothing more must be written.</summary>
    private async Task<bool> ApplyFaultAsync(HttpContext context)
    {
        switch (faults.Take())
        {
            case SnsFaultKind.Hang:
                log.Write("SNS -> held unanswered (fault switch)");
                try
                {
                    await Task.Delay(Timeout.InfiniteTimeSpan, context.RequestAborted).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // The client gave up on the attempt, as intended.
                }

                return false;
            case SnsFaultKind.InternalError:
                throw new SnsException(new SnsError("InternalError", 500, "Simulated internal error (SNS sink fault switch)."));
            case SnsFaultKind.Throttled:
                throw new SnsException(new SnsError("Throttled", 429, "Rate exceeded"));
            case SnsFaultKind.Unreachable:
                log.Write("SNS -> connection dropped (fault switch)");
                context.Abort();
                return false;
            default:
                return true;
        }
    }
}
