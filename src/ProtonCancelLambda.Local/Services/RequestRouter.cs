using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using ProtonCancelLambda.Local.Simulator;
using ProtonCancelLambda.Local.Simulator.Protocol;
using ProtonCancelLambda.Local.Sns;
using ProtonCancelLambda.Local.Sqs;

namespace ProtonCancelLambda.Local.Services;

/// <summary>
/// One port serves every service, as AWS's own endpoints are told apart: a request with an X-Amz-Target
/// header is AWS JSON (SQS by its target prefix, else Proton); a form post without one is the Query
/// protocol (SNS).
/// </summary>
internal sealed class RequestRouter(ProtonEndpoint proton, SnsSink sns, SqsQueueEndpoint sqs, TimeProvider signingClock, RequestLog log)
{
    public async Task HandleAsync(HttpContext context)
    {
        var requestId = Guid.NewGuid().ToString("D");
        context.Response.Headers["x-amzn-RequestId"] = requestId;

        // The server's own time, as AWS sends it: a client whose clock is off reads it to re-sign (clock skew).
        context.Response.Headers.Date = signingClock.GetUtcNow().ToString("r", System.Globalization.CultureInfo.InvariantCulture);
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.ToString();
        var body = await ReadBodyAsync(context.Request).ConfigureAwait(false);

        try
        {
            if (context.Request.Headers["X-Amz-Target"].ToString().StartsWith(SqsQueueEndpoint.TargetPrefix, StringComparison.Ordinal))
            {
                await sqs.HandleAsync(context, rawTarget, body).ConfigureAwait(false);
            }
            else if (context.Request.Headers.ContainsKey("X-Amz-Target") || !IsForm(context.Request))
            {
                await proton.HandleAsync(context, rawTarget, body).ConfigureAwait(false);
            }
            else
            {
                await sns.HandleAsync(context, rawTarget, body, requestId).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (!context.Response.HasStarted && e is not OperationCanceledException)
        {
            // A simulator bug must still look like an AWS fault to the client, not an empty 500.
            log.Write($"unexpected {e.GetType().Name}: {e.Message}");
            await AwsJsonWriter.WriteErrorAsync(context.Response, ProtonErrors.InternalServer, "The simulator failed: " + e.Message).ConfigureAwait(false);
        }
    }

    private static bool IsForm(HttpRequest request) =>
        request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true;

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted).ConfigureAwait(false);
        return buffer.ToArray();
    }
}
