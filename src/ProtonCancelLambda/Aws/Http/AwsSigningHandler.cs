using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;

namespace ProtonCancelLambda.Aws.Http;

/// <summary>
/// Signs each outbound request with AWSSDK.Core's public SigV4 signer (<see cref="AWSSigV4Signer"/>), as
/// <see cref="SigV4SigningHandler"/> does, but with the signing time taken from this client's
/// <see cref="SigningClock"/>: SigV4SigningHandler fixes <c>SignedAt</c> per handler, so per-client clock-skew
/// correction (and signing on an injected TimeProvider) needs the time supplied per request.
/// It must stay the innermost handler, under the retries, so every attempt is signed afresh.
/// </summary>
internal sealed class AwsSigningHandler : DelegatingHandler
{
    private readonly AWSCredentials _credentials;
    private readonly RegionEndpoint _region;
    private readonly string _service;
    private readonly SigningClock _clock;

    public AwsSigningHandler(AWSCredentials credentials, RegionEndpoint region, string service, SigningClock clock, HttpMessageHandler innerHandler)
        : base(innerHandler)
    {
        _credentials = credentials;
        _region = region;
        _service = service;
        _clock = clock;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var signing = new AWSSigningRequest
        {
            HttpMethod = request.Method,
            RequestUri = request.RequestUri ?? throw new InvalidOperationException("The request has no URI."),
            Content = body,
        };

        foreach (var header in request.Headers)
        {
            signing.Headers[header.Key] = string.Join(',', header.Value.Select(static v => v.Trim()));
        }

        if (request.Content is not null)
        {
            // Sent as a fixed length, never chunked, so the signed content-length is the one on the wire.
            request.Content.Headers.ContentLength = body.Length;
            foreach (var header in request.Content.Headers)
            {
                signing.Headers[header.Key] = string.Join(',', header.Value.Select(static v => v.Trim()));
            }
        }

        var parameters = new AWSSigV4Parameters
        {
            Credentials = _credentials,
            Region = _region,
            Service = _service,
            SignedAt = _clock.UtcNow.UtcDateTime,
        };
        var result = await AWSSigV4Signer.SignAsync(signing, parameters, cancellationToken).ConfigureAwait(false);
        foreach (var (name, value) in result.Headers)
        {
            request.Headers.Remove(name);
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
