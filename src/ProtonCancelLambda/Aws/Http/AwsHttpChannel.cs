using System.Text.Json;
using System.Xml;
using Amazon;
using Amazon.Runtime;

namespace ProtonCancelLambda.Aws.Http;

/// <summary>
/// One AWS endpoint: an HttpClient whose innermost handler signs, a per-client signing clock, and the retry
/// policy around whole attempts. Turns every failure into the protocol's <see cref="AwsServiceException"/>.
/// </summary>
internal sealed class AwsHttpChannel : IDisposable
{
    public const string TraceHeaderName = "X-Amzn-Trace-Id";

    private readonly HttpClient _http;
    private readonly SigningClock _signingClock;
    private readonly AwsRetryPolicy _retries;
    private readonly TimeProvider _clock;
    private readonly AwsClientOptions _options;
    private readonly IAwsProtocol _protocol;

    public AwsHttpChannel(
        IAwsProtocol protocol,
        Uri endpoint,
        string signingName,
        string region,
        AWSCredentials credentials,
        TimeProvider clock,
        AwsClientOptions options,
        HttpMessageHandler transport)
    {
        _protocol = protocol;
        _clock = clock;
        _options = options;
        Endpoint = endpoint;
        _signingClock = new SigningClock(clock);
        var signer = new AwsSigningHandler(credentials, RegionEndpoint.GetBySystemName(region), signingName, _signingClock, transport);

        // Timeouts are ours (per attempt, on the injected clock); HttpClient's own would fire on the real clock.
        _http = new HttpClient(signer) { Timeout = Timeout.InfiniteTimeSpan };
        _retries = new AwsRetryPolicy(protocol.Service, options, clock);
    }

    public Uri Endpoint { get; }

    /// <summary>The transport our clients use in production: redirects off, since a redirected hop would go unsigned.</summary>
    public static HttpMessageHandler CreateDefaultTransport() => new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectTimeout = TimeSpan.FromSeconds(5),
    };

    public Task<T> SendAsync<T>(
        string operation,
        Func<HttpRequestMessage> createRequest,
        Func<HttpResponseMessage, CancellationToken, Task<T>> readResult,
        DateTimeOffset deadline,
        CancellationToken cancellationToken) =>
        _retries.ExecuteAsync(operation, deadline, token => AttemptAsync(operation, createRequest, readResult, deadline, token), cancellationToken);

    /// <summary>The invocation's X-Ray trace header, when the function runs in Lambda; null otherwise.</summary>
    public string? CurrentTraceHeader() => _options.TraceHeader?.Invoke() is { Length: > 0 } header ? header : null;

    public void Dispose() => _http.Dispose();

    private async Task<T> AttemptAsync<T>(
        string operation,
        Func<HttpRequestMessage> createRequest,
        Func<HttpResponseMessage, CancellationToken, Task<T>> readResult,
        DateTimeOffset deadline,
        CancellationToken cancellationToken)
    {
        var remaining = deadline - _clock.GetUtcNow();
        if (remaining <= TimeSpan.Zero)
        {
            throw _protocol.CreateException(new AwsErrorResponse(AwsErrorCodes.RequestTimeout, $"The deadline passed before {_protocol.Service} {operation} could be sent."), null, true, null);
        }

        using var timeout = new CancellationTokenSource(remaining < _options.AttemptTimeout ? remaining : _options.AttemptTimeout, _clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var request = createRequest();
            if (CurrentTraceHeader() is { } traceHeader)
            {
                request.Headers.TryAddWithoutValidation(TraceHeaderName, traceHeader);
            }

            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, linked.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                try
                {
                    return await readResult(response, linked.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is JsonException or XmlException or FormatException or InvalidDataException)
                {
                    throw _protocol.CreateException(new AwsErrorResponse(AwsErrorCodes.InvalidResponse, $"{_protocol.Service} {operation} returned HTTP {status} with a body that could not be read."), status, false, ex);
                }
            }

            var error = await _protocol.ReadErrorAsync(response, linked.Token).ConfigureAwait(false);
            // Any AWS service may throttle (429) or fail on its side (5xx); beyond those each protocol names its codes.
            var retryable = status == 429 || status >= 500 || _protocol.RetryableCodes.Contains(error.Code, StringComparer.Ordinal);
            if (ClockSkewErrors.IsClockSkew(error.Code, error.Message) && _signingClock.TryCorrect(response.Headers.Date))
            {
                retryable = true;
            }

            throw _protocol.CreateException(error, status, retryable, null);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw _protocol.CreateException(new AwsErrorResponse(AwsErrorCodes.RequestTimeout, $"{_protocol.Service} {operation} did not answer within the attempt timeout."), null, true, ex);
        }
        catch (AmazonClientException ex)
        {
            // Raised before anything is sent, mostly by the credential chain; the SDK's message names the
            // providers it tried, never a key.
            throw _protocol.CreateException(new AwsErrorResponse(AwsErrorCodes.CredentialsError, $"{_protocol.Service} {operation} could not be signed: {ex.Message}"), null, false, ex);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            throw _protocol.CreateException(new AwsErrorResponse(AwsErrorCodes.NetworkError, $"{_protocol.Service} {operation} could not reach {Endpoint.Authority}: {ex.Message}"), null, true, ex);
        }
    }
}
