using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace ProtonCancelLambda.RuntimeApi;

/// <summary>HTTP client for the Lambda Runtime API (2018-06-01), exactly as the published spec describes it.</summary>
public sealed class RuntimeApiClient : IRuntimeApiClient
{
    internal const string RequestIdHeader = "Lambda-Runtime-Aws-Request-Id";
    internal const string DeadlineHeader = "Lambda-Runtime-Deadline-Ms";
    internal const string FunctionArnHeader = "Lambda-Runtime-Invoked-Function-Arn";
    internal const string TraceIdHeader = "Lambda-Runtime-Trace-Id";
    internal const string ErrorTypeHeader = "Lambda-Runtime-Function-Error-Type";
    internal const string ErrorContentType = "application/vnd.aws.lambda.error+json";

    // Lambda's longest timeout; used only when an emulator sends no deadline.
    private static readonly TimeSpan MissingDeadlineFallback = TimeSpan.FromMinutes(15);

    private readonly HttpClient _http;
    private readonly Uri _baseUri;
    private readonly TimeProvider _clock;

    public RuntimeApiClient(HttpClient http, string runtimeApiAddress, TimeProvider clock)
    {
        _http = http;
        _baseUri = new Uri($"http://{runtimeApiAddress}/2018-06-01/");
        _clock = clock;
    }

    /// <summary>
    /// The client for the Runtime API. No timeout: Lambda freezes the process between invocations while the
    /// <c>next</c> request is open, and a timeout would fire on thaw. Headers are read as UTF-8 because the
    /// client context and function ARN can carry non-ASCII text.
    /// </summary>
    public static HttpClient CreateHttpClient() => new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
        ResponseHeaderEncodingSelector = (_, _) => Encoding.UTF8,
        RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8,
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    public async Task<Invocation> NextInvocationAsync(CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(new Uri(_baseUri, "runtime/invocation/next"), HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, "runtime/invocation/next", cancellationToken).ConfigureAwait(false);

        var requestId = Header(response, RequestIdHeader)
            ?? throw new RuntimeApiException($"The Runtime API sent an event without the {RequestIdHeader} header.", (int)response.StatusCode);
        var deadline = Header(response, DeadlineHeader) is { } deadlineText
            && long.TryParse(deadlineText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var deadlineMs)
                ? DateTimeOffset.FromUnixTimeMilliseconds(deadlineMs)
                : _clock.GetUtcNow() + MissingDeadlineFallback;

        var payload = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var context = new InvocationContext(requestId, deadline, Header(response, FunctionArnHeader), Header(response, TraceIdHeader));
        return new Invocation(context, payload);
    }

    public async Task SendResponseAsync(string requestId, byte[] response, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(response);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var path = $"runtime/invocation/{Uri.EscapeDataString(requestId)}/response";
        using var reply = await _http.PostAsync(new Uri(_baseUri, path), content, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(reply, path, cancellationToken).ConfigureAwait(false);
    }

    public Task SendInvocationErrorAsync(string requestId, ErrorReport error, CancellationToken cancellationToken) =>
        PostErrorAsync($"runtime/invocation/{Uri.EscapeDataString(requestId)}/error", error, cancellationToken);

    public Task SendInitErrorAsync(ErrorReport error, CancellationToken cancellationToken) =>
        PostErrorAsync("runtime/init/error", error, cancellationToken);

    private async Task PostErrorAsync(string path, ErrorReport error, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(error, RuntimeJsonContext.Default.ErrorReport));
        content.Headers.ContentType = new MediaTypeHeaderValue(ErrorContentType);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_baseUri, path)) { Content = content };
        request.Headers.TryAddWithoutValidation(ErrorTypeHeader, error.ErrorType);
        using var reply = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(reply, path, cancellationToken).ConfigureAwait(false);
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, string path, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (body.Length > 512)
        {
            body = body[..512];
        }

        throw new RuntimeApiException(
            $"The Runtime API answered {(int)response.StatusCode} {response.ReasonPhrase} to {path}: {body}",
            (int)response.StatusCode);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
