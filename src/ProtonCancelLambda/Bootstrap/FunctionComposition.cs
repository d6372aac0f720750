using ProtonCancelLambda.Aws.Http;
using ProtonCancelLambda.Cancellation;
using ProtonCancelLambda.Configuration;
using ProtonCancelLambda.Handling;
using ProtonCancelLambda.Idempotency;
using ProtonCancelLambda.Logging;
using ProtonCancelLambda.Metrics;
using ProtonCancelLambda.Outcomes;
using ProtonCancelLambda.Pacing;
using ProtonCancelLambda.Pipeline;
using ProtonCancelLambda.RuntimeApi;

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
        IContinuationQueue? continuations = aws.Sqs is not null && settings.RequestQueueUrl is { } queueUrl ? new SqsContinuationQueue(aws.Sqs, queueUrl.ToString(), random) : null;

        // With a table, every step that changes who owns a request goes through the record (RequestPipeline.RunAsync
        // reads the order); without one, the same steps run against a record that keeps nothing.
        IRequestRecord record = aws.DynamoDb is not null && settings.IdempotencyTableName is { } table
            ? new DynamoDbRequestRecord(aws.DynamoDb, table, settings.IdempotencyTtl, clock)
            : new NoRequestRecord();

        // Proton's turns are counted in the same table, shared by every instance (the settings reader refuses a
        // rate without a table).
        var rates = ProtonRates.From(settings);
        ICallBudget budget = rates.AnyPaced && aws.DynamoDb is not null && settings.IdempotencyTableName is { } budgetTable
            ? new SharedCallBudget(aws.DynamoDb, budgetTable, rates, clock, logger)
            : new UnlimitedBudget(clock);

        var pipeline = new RequestPipeline(
            record,
            new TurnBooking(budget, rates, clock, random),
            new CheckAndCancel(aws.Proton, clock, logger),
            new WatchLoop(aws.Proton, continuations, CancellationOptions.From(settings), new PollSchedule(settings.PollInitial, settings.PollMax, random), budget, clock, logger),
            continuations,
            new SnsOutcomePublisher(aws.Sns, settings.OutcomeTopicArn),
            RequestPipelineOptions.From(settings),
            metrics,
            clock,
            logger);
        var handler = new EventDispatcher(new SqsBatchHandler(pipeline, settings.MaxConcurrency, logger), new EventBridgeHandler(pipeline), clock);
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
