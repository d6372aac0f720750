using ProtonCancelLambda.Aws.Http;
using ProtonCancelLambda.Configuration;
using ProtonCancelLambda.Continuation;
using ProtonCancelLambda.Handling;
using ProtonCancelLambda.Idempotency;
using ProtonCancelLambda.Logging;
using ProtonCancelLambda.Metrics;
using ProtonCancelLambda.Outcomes;
using ProtonCancelLambda.RuntimeApi;
using ProtonCancelLambda.Workflow;

namespace ProtonCancelLambda.Bootstrap;

/// <summary>The one place where the function's parts, and its AWS clients, are created and wired.</summary>
internal static class FunctionComposition
{
    public static IInvocationHandler CreateHandler(FunctionSettings settings, IEnvironmentVariables environment, LambdaLogger logger, TimeProvider clock)
    {
        var metrics = new OutcomeMetrics(logger, clock, settings.ServiceName);
        var clientOptions = new AwsClientOptions
        {
            OnRetry = retry =>
            {
                metrics.CountRetriedFault();
                logger.Debug("Retrying {Operation} after {ErrorCode} (retry {RetryNumber})", retry.Operation, retry.ErrorCode, retry.RetryNumber);
            },
            TraceHeader = TraceHeader(environment),
        };

        return CreateHandler(settings, AwsPorts.FromEnvironment(settings, environment, clock, clientOptions), metrics, logger, clock, Random.Shared.NextDouble);
    }

    /// <summary>
    /// The same function on AWS ports of the caller's (fakes, a simulation), with its own randomness for the poll
    /// jitter so that a seeded run repeats exactly.
    /// </summary>
    public static IInvocationHandler CreateHandler(FunctionSettings settings, AwsPorts aws, LambdaLogger logger, TimeProvider clock, Func<double> random) =>
        CreateHandler(settings, aws, new OutcomeMetrics(logger, clock, settings.ServiceName), logger, clock, random);

    private static IInvocationHandler CreateHandler(FunctionSettings settings, AwsPorts aws, OutcomeMetrics metrics, LambdaLogger logger, TimeProvider clock, Func<double> random)
    {
        IOutcomePublisher publisher = new SnsOutcomePublisher(aws.Sns, settings.OutcomeTopicArn);
        IContinuationQueue? continuations = aws.Sqs is not null && settings.RequestQueueUrl is { } queueUrl ? new SqsContinuationQueue(aws.Sqs, queueUrl.ToString()) : null;
        IWatchCheckpoint? checkpoint = null;
        IIdempotencyStore? idempotency = null;
        if (aws.DynamoDb is not null && settings.IdempotencyTableName is { } table)
        {
            // Every step that changes who owns a request goes through the record: publishing completes it, a
            // hand-over passes it to the continuation's token, the start of a watch is saved for a takeover.
            idempotency = new DynamoDbIdempotencyStore(aws.DynamoDb, table, settings.IdempotencyTtl, clock);
            publisher = new IdempotentOutcomePublisher(publisher, idempotency, logger);
            continuations = continuations is null ? null : new IdempotentContinuationQueue(continuations, idempotency);
            checkpoint = new IdempotencyWatchCheckpoint(idempotency, logger);
        }

        var schedule = new PollSchedule(settings.PollInitial, settings.PollMax, random);
        var workflow = new CancellationWorkflow(aws.Proton, continuations, WorkflowOptions.From(settings), schedule, clock, logger, checkpoint);
        IRequestProcessor processor = new CancelRequestProcessor(workflow, publisher, continuations, metrics, clock, logger);
        if (idempotency is not null)
        {
            processor = new IdempotentRequestProcessor(processor, idempotency, logger, workflow.Options.Budget);
        }

        var handler = new EventDispatcher(new SqsBatchHandler(processor, settings.MaxConcurrency, logger), new EventBridgeHandler(processor));
        return new MetricsFlushingHandler(handler, metrics);
    }

    /// <summary>
    /// As the AWS SDKs do in Lambda: the invocation's trace header goes on every AWS request, so a continuation
    /// message keeps its invocation's trace (SQS stores it as AWSTraceHeader). Lambda joins the watch's
    /// invocations into one trace with it, and counts them for recursive loop detection (template.yaml allows
    /// the loop; the watch bounds it).
    /// </summary>
    /// <remarks>Whether it runs in Lambda is read once here; only the trace id changes per invocation.</remarks>
    private static Func<string?>? TraceHeader(IEnvironmentVariables environment) =>
        string.IsNullOrEmpty(environment.Get(SettingNames.FunctionName)) ? null : () => environment.Get(SettingNames.TraceId);
}
