using System.Collections.Concurrent;
using System.IO;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using ProtonCancelLambda.Aws;
using ProtonCancelLambda.Aws.DynamoDb;
using ProtonCancelLambda.Aws.Http;
using ProtonCancelLambda.Aws.Sns;
using ProtonCancelLambda.Aws.Sqs;
using ProtonCancelLambda.Bootstrap;
using ProtonCancelLambda.Configuration;
using ProtonCancelLambda.Logging;
using ProtonCancelLambda.RuntimeApi;
using ProtonCancelLambda.Tests.Workflow;

namespace ProtonCancelLambda.Tests.Races;

/// <summary>
/// The real function (FunctionComposition.CreateHandler) on AWS ports of the test's: a Proton stand-in, an SNS
/// and an SQS that record what they are sent, and, when given, a DynamoDB. Settings go through SettingsReader, so
/// their names stay the contract. Only the composition seam and the ports are named, so the rig outlives a
/// restructure of the pipeline behind them.
/// </summary>
internal sealed class FunctionRig
{
    public const string TopicArn = "arn:aws:sns:us-east-1:123456789012:outcomes";
    public const string QueueUrl = "https://sqs.us-east-1.amazonaws.com/123456789012/requests";
    public const string FifoQueueUrl = "https://sqs.us-east-1.amazonaws.com/123456789012/requests.fifo";

    private readonly IInvocationHandler _handler;
    private int _invocations;

    /// <param name="clock">The function's clock; a <see cref="WaitAwareClock"/> is moved on while an invocation waits on it (see <see cref="AutoAdvance"/>).</param>
    /// <param name="settings">Settings beyond the topic and the region, by their environment variable names.</param>
    /// <param name="protonClock">Proton's own clock, when the test settles deployments by hand (default: the function's).</param>
    public FunctionRig(TimeProvider clock, IReadOnlyDictionary<string, string>? settings = null, IDynamoDbItems? dynamoDb = null, TimeProvider? protonClock = null)
    {
        Clock = clock;
        Proton = new FakeProton(protonClock ?? clock) { DeadlineClock = clock };
        Sns = new RecordingSns(clock);
        Sqs = new CapturingSqs(clock);
        var values = new Dictionary<string, string>
        {
            [SettingNames.OutcomeTopicArn] = TopicArn,
            [SettingNames.AwsRegion] = "us-east-1",
            [SettingNames.PollInitialSeconds] = "0.2",
            [SettingNames.PollMaxSeconds] = "1",
        };
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
        {
            values[name] = value;
        }

        var logger = new LambdaLogger(Log, new LogOptions(Json: true, LogLevel.Debug), clock);
        var ports = new AwsPorts(Proton, Sns, values.ContainsKey(SettingNames.RequestQueueUrl) ? Sqs : null, dynamoDb);
        _handler = FunctionComposition.CreateHandler(SettingsReader.Read(new DictionaryEnvironmentVariables(values)), ports, logger, clock, () => 0.5);
    }

    public TimeProvider Clock { get; }

    public FakeProton Proton { get; }

    public RecordingSns Sns { get; }

    public CapturingSqs Sqs { get; }

    /// <summary>The function's log (the logger serialises its writes); read it once the invocations are done.</summary>
    public StringWriter Log { get; } = new();

    /// <summary>With a fake clock: move it in small steps while an invocation is not done (its polls wait on it).</summary>
    public bool AutoAdvance { get; init; } = true;

    /// <summary>The outcomes published to SNS, as JSON, in order.</summary>
    public IReadOnlyList<JsonElement> Outcomes => Sns.Published.Select(p => JsonDocument.Parse(p.Message).RootElement.Clone()).ToList();

    /// <summary>Invokes the function as Lambda would, with <paramref name="timeLeft"/> to its deadline; returns the response.</summary>
    public async Task<JsonElement> InvokeAsync(string payload, TimeSpan? timeLeft = null)
    {
        var number = Interlocked.Increment(ref _invocations);
        var context = new InvocationContext($"invocation-{number}", Clock.GetUtcNow() + (timeLeft ?? TimeSpan.FromSeconds(60)), "arn:aws:lambda:us-east-1:123456789012:function:f", null);
        var task = _handler.HandleAsync(new Invocation(context, Encoding.UTF8.GetBytes(payload)), CancellationToken.None);
        if (Clock is WaitAwareClock clock && AutoAdvance)
        {
            // Time moves only while the function waits on a timer of its own (a poll's delay), never while it works.
            for (var step = 0; !task.IsCompleted && step < 200_000; step++)
            {
                await Task.Delay(1).ConfigureAwait(false);
                if (!task.IsCompleted && clock.Waiting > 0)
                {
                    clock.Advance(TimeSpan.FromMilliseconds(50));
                }
            }
        }

        return JsonDocument.Parse(await task).RootElement.Clone();
    }

    /// <summary>The message ids an SQS batch response asks to have delivered again.</summary>
    public static IReadOnlyList<string> Failures(JsonElement response) =>
        response.TryGetProperty("batchItemFailures", out var failures)
            ? failures.EnumerateArray().Select(f => f.GetProperty("itemIdentifier").GetString()!).ToList()
            : [];

    /// <summary>A real client's rule: a call whose deadline has passed is not sent, and fails as a timeout.</summary>
    public static void ThrowIfPast(TimeProvider clock, DateTimeOffset deadline, string operation)
    {
        if (deadline <= clock.GetUtcNow())
        {
            throw new AwsServiceException(AwsErrorCodes.RequestTimeout, $"The deadline passed before {operation} could be sent.", null, isRetryable: true);
        }
    }
}

/// <summary>A fake clock that knows whether anyone waits on one of its timers, so a test moves it only then.</summary>
internal sealed class WaitAwareClock(DateTimeOffset start) : FakeTimeProvider(start)
{
    private int _live;

    public int Waiting => Volatile.Read(ref _live);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        Interlocked.Increment(ref _live);
        return new CountedTimer(base.CreateTimer(callback, state, dueTime, period), () => Interlocked.Decrement(ref _live));
    }

    private sealed class CountedTimer(ITimer inner, Action disposed) : ITimer
    {
        private int _disposed;

        public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(dueTime, period);

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                disposed();
            }

            inner.Dispose();
        }

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                disposed();
            }

            await inner.DisposeAsync().ConfigureAwait(false);
        }
    }
}

/// <summary>SNS Publish, recorded; <see cref="Behaviour"/> runs first (a slow or failing SNS).</summary>
internal sealed class RecordingSns(TimeProvider clock) : ISnsPublisher
{
    private int _count;

    public ConcurrentQueue<SnsPublishRequest> Published { get; } = new();

    /// <summary>Runs before a publish is recorded, with its deadline; throw to make it fail.</summary>
    public Func<SnsPublishRequest, DateTimeOffset, Task>? Behaviour { get; set; }

    public async Task<string> PublishAsync(SnsPublishRequest request, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        FunctionRig.ThrowIfPast(clock, deadline, "SNS Publish");
        if (Behaviour is { } behaviour)
        {
            await behaviour(request, deadline).ConfigureAwait(false);
        }

        Published.Enqueue(request);
        return $"sns-{Interlocked.Increment(ref _count)}";
    }
}

/// <summary>SQS SendMessage, captured so the test delivers each message when SQS would.</summary>
internal sealed class CapturingSqs(TimeProvider clock) : ISqsSender
{
    private int _count;

    public ConcurrentQueue<(string MessageId, SqsSendMessageRequest Request)> Sent { get; } = new();

    /// <summary>Runs after a message is accepted, with its id.</summary>
    public Action<string, SqsSendMessageRequest>? OnSent { get; set; }

    public Task<string> SendMessageAsync(SqsSendMessageRequest request, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        FunctionRig.ThrowIfPast(clock, deadline, "SQS SendMessage");
        var id = $"continuation-{Interlocked.Increment(ref _count)}";
        Sent.Enqueue((id, request));
        OnSent?.Invoke(id, request);
        return Task.FromResult(id);
    }
}
