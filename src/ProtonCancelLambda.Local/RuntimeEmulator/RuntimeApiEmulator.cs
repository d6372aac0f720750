using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ProtonCancelLambda.Local.RuntimeEmulator;

/// <summary>
/// The Lambda Runtime API (2018-06-01) on 127.0.0.1, for running the function locally and in tests: it
/// queues events, serves them on <c>next</c> with Lambda's headers, and records responses, invocation errors
/// and init errors. Any runtime that speaks the API can run under it, in-process or as a child process.
/// </summary>
public sealed class RuntimeApiEmulator : IAsyncDisposable
{
    private const string Prefix = "/2018-06-01/runtime";
    private readonly WebApplication _app;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>();
    private readonly ConcurrentDictionary<string, Pending> _inFlight = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource<InitErrorReport> _initError = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _firstNext = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private readonly TimeProvider _clock;

    private RuntimeApiEmulator(WebApplication app, TimeProvider clock)
    {
        _app = app;
        _clock = clock;
    }

    /// <summary>host:port, the value for <c>AWS_LAMBDA_RUNTIME_API</c>.</summary>
    public string Address { get; private set; } = string.Empty;

    /// <summary>Completes when the function reports an init error.</summary>
    public Task<InitErrorReport> InitError => _initError.Task;

    /// <summary>Completes when the runtime first asks for an event: it has finished its init.</summary>
    public Task FirstNextRequest => _firstNext.Task;

    /// <summary>
    /// Raised when an invocation reached its deadline unanswered. Lambda then stops the runtime (the next event
    /// goes to a fresh one); a <see cref="FunctionHost"/> on this emulator stops its function the same way.
    /// </summary>
    public event EventHandler<InvocationTimeout>? InvocationTimedOut;

    /// <summary>The emulator's clock now (deadlines are counted on it).</summary>
    public DateTimeOffset Now => _clock.GetUtcNow();

    /// <summary>
    /// Starts on a free loopback port. Deadlines are counted on <paramref name="clock"/> (the real one when
    /// null), which must be the function's own clock: the function compares the deadline with its time.
    /// </summary>
    public static async Task<RuntimeApiEmulator> StartAsync(TimeProvider? clock = null, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var emulator = new RuntimeApiEmulator(app, clock ?? TimeProvider.System);
        emulator.MapRoutes();
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        emulator.Address = new Uri(app.Urls.First()).Authority;
        return emulator;
    }

    /// <summary>Queues an event and waits for the function's response or error.</summary>
    public async Task<InvocationResult> InvokeAsync(InvocationRequest request, CancellationToken cancellationToken = default)
    {
        var requestId = Guid.NewGuid().ToString();
        var pending = new Pending(requestId, request);
        _inFlight[requestId] = pending;
        await _queue.Writer.WriteAsync(pending, cancellationToken).ConfigureAwait(false);
        using var registration = cancellationToken.Register(() => pending.Result.TrySetCanceled(cancellationToken));
        var finished = await Task.WhenAny(pending.Result.Task, _initError.Task).ConfigureAwait(false);
        if (finished == _initError.Task)
        {
            // Lambda serves an init error in response to the first invoke.
            var init = await _initError.Task.ConfigureAwait(false);
            return new InvocationResult(requestId, IsError: true, init.Body, init.ContentType, init.ErrorTypeHeader);
        }

        return await pending.Result.Task.ConfigureAwait(false);
    }

    /// <summary>
    /// Makes the next event the runtime takes a 500 instead, as a broken container would; queued behind
    /// the events already waiting, and served to a <c>next</c> call that is already open.
    /// </summary>
    public void FailNextRequestWith500() =>
        _queue.Writer.TryWrite(new Pending(string.Empty, new InvocationRequest([])) { IsContainerError = true });

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        foreach (var pending in _inFlight.Values)
        {
            pending.Result.TrySetCanceled();
        }

        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private void MapRoutes()
    {
        _app.MapGet(Prefix + "/invocation/next", NextAsync);
        _app.MapPost(Prefix + "/invocation/{requestId}/response", (string requestId, HttpContext context) => CompleteAsync(requestId, context, isError: false));
        _app.MapPost(Prefix + "/invocation/{requestId}/error", (string requestId, HttpContext context) => CompleteAsync(requestId, context, isError: true));
        _app.MapPost(Prefix + "/init/error", InitErrorAsync);
    }

    private async Task NextAsync(HttpContext context)
    {
        _firstNext.TrySetResult();
        Pending pending;
        try
        {
            pending = await _queue.Reader.ReadAsync(context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is OperationCanceledException or ChannelClosedException)
        {
            return;
        }

        if (pending.IsContainerError)
        {
            await WriteStatusAsync(context, StatusCodes.Status500InternalServerError, """{"errorMessage":"Container error","errorType":"ServiceException"}""").ConfigureAwait(false);
            return;
        }

        var request = pending.Request;
        var deadline = _clock.GetUtcNow() + request.Timeout;
        var headers = context.Response.Headers;
        headers["Lambda-Runtime-Aws-Request-Id"] = pending.RequestId;
        headers["Lambda-Runtime-Deadline-Ms"] = deadline.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        headers["Lambda-Runtime-Invoked-Function-Arn"] = request.FunctionArn;
        if (request.TraceId is not null)
        {
            headers["Lambda-Runtime-Trace-Id"] = request.TraceId;
        }

        if (request.ClientContext is not null)
        {
            headers["Lambda-Runtime-Client-Context"] = request.ClientContext;
        }

        if (request.CognitoIdentity is not null)
        {
            headers["Lambda-Runtime-Cognito-Identity"] = request.CognitoIdentity;
        }

        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(request.Payload).ConfigureAwait(false);
        _ = EnforceDeadlineAsync(pending, deadline, _clock.GetUtcNow());
    }

    /// <summary>
    /// As Lambda does: an invocation still unanswered at its deadline ends as a timeout, whatever the function
    /// does afterwards (a late response is refused as an unknown request id). On a faster clock (<c>invoke
    /// --follow --speed N</c>) the timeout also waits for its length in real time: computing does not speed up
    /// with the clock, so a scaled deadline alone would time out work that Lambda would let finish.
    /// </summary>
    private async Task EnforceDeadlineAsync(Pending pending, DateTimeOffset deadline, DateTimeOffset servedAt)
    {
        var wait = deadline - _clock.GetUtcNow();
        var waits = new List<Task> { wait > TimeSpan.Zero ? Task.Delay(wait, _clock) : Task.CompletedTask };
        if (_clock != TimeProvider.System)
        {
            waits.Add(Task.Delay(pending.Request.Timeout));
        }

        await Task.WhenAll(waits).ConfigureAwait(false);

        if (!_inFlight.TryRemove(pending.RequestId, out _))
        {
            return;
        }

        var seconds = pending.Request.Timeout.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture);
        var body = System.Text.Encoding.UTF8.GetBytes($$"""{"errorMessage":"{{pending.RequestId}} Task timed out after {{seconds}} seconds","errorType":"{{InvocationResult.TimeoutErrorType}}"}""");
        var result = new InvocationResult(pending.RequestId, IsError: true, body, "application/json", InvocationResult.TimeoutErrorType);
        pending.Result.TrySetResult(result);
        InvocationTimedOut?.Invoke(this, new InvocationTimeout(result, servedAt));
    }

    private async Task CompleteAsync(string requestId, HttpContext context, bool isError)
    {
        var body = await ReadBodyAsync(context).ConfigureAwait(false);
        if (!_inFlight.TryRemove(requestId, out var pending))
        {
            await WriteStatusAsync(context, StatusCodes.Status400BadRequest, """{"errorMessage":"Invalid request ID","errorType":"InvalidRequestID"}""").ConfigureAwait(false);
            return;
        }

        var errorType = context.Request.Headers["Lambda-Runtime-Function-Error-Type"].FirstOrDefault();
        pending.Result.TrySetResult(new InvocationResult(requestId, isError, body, context.Request.ContentType, errorType));
        await WriteStatusAsync(context, StatusCodes.Status202Accepted, """{"status":"OK"}""").ConfigureAwait(false);
    }

    private async Task InitErrorAsync(HttpContext context)
    {
        var body = await ReadBodyAsync(context).ConfigureAwait(false);
        var errorType = context.Request.Headers["Lambda-Runtime-Function-Error-Type"].FirstOrDefault();
        _initError.TrySetResult(new InitErrorReport(body, context.Request.ContentType, errorType));
        await WriteStatusAsync(context, StatusCodes.Status202Accepted, """{"status":"OK"}""").ConfigureAwait(false);
    }

    private static async Task<byte[]> ReadBodyAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
        return buffer.ToArray();
    }

    private static async Task WriteStatusAsync(HttpContext context, int status, string json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(json, context.RequestAborted).ConfigureAwait(false);
    }

    private sealed record Pending(string RequestId, InvocationRequest Request)
    {
        public TaskCompletionSource<InvocationResult> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool IsContainerError { get; init; }
    }
}
