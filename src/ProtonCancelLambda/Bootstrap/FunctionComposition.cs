using ProtonCancelLambda.Aws;
using ProtonCancelLambda.Aws.Http;
using ProtonCancelLambda.Configuration;
using ProtonCancelLambda.Continuation;
using ProtonCancelLambda.Handling;
using ProtonCancelLambda.Logging;
using ProtonCancelLambda.Metrics;
using ProtonCancelLambda.Outcomes;
using ProtonCancelLambda.Workflow;

namespace ProtonCancelLambda.Bootstrap;

/// <summary>The one place where the function's parts, and its AWS clients, are created and wired.</summary>
internal static class FunctionComposition
{
    public static IInvocationHandler CreateHandler(FunctionSettings settings, IEnvironmentVariables environment, LambdaLogger logger, TimeProvider clock)
    {
        var metrics = new OutcomeMetrics(logger, clock);
        var clientOptions = new AwsClientOptions
        {
            OnRetry = retry =>
            {
                metrics.CountRetriedFault();
                logger.Debug("Retrying {Operation} after {ErrorCode} (retry {RetryNumber})", retry.Operation, retry.ErrorCode, retry.RetryNumber);
            },
            TraceHeader = () => TraceHeader(environment),
        };

        var proton = AwsClientFactory.CreateProton(environment, settings.Region, clock, clientOptions);
        var publisher = new SnsOutcomePublisher(AwsClientFactory.CreateSns(environment, settings.Region, clock, clientOptions), settings.OutcomeTopicArn);
        var continuations = settings.RequestQueueUrl is { } queueUrl ? CreateContinuationQueue(environment, settings.Region, queueUrl, clock, clientOptions) : null;
        var schedule = new PollSchedule(settings.PollInitial, settings.PollMax, Random.Shared.NextDouble);
        var workflow = new CancellationWorkflow(proton, continuations, WorkflowOptions.From(settings), schedule, clock, logger);
        var processor = new CancelRequestProcessor(workflow, publisher, continuations, metrics, clock, logger);
        var handler = new FunctionHandler(new SqsBatchHandler(processor, settings.MaxConcurrency, logger), new EventBridgeHandler(processor));
        return new MetricsFlushingHandler(handler, metrics);
    }

    private static SqsContinuationQueue CreateContinuationQueue(IEnvironmentVariables environment, string region, Uri queueUrl, TimeProvider clock, AwsClientOptions options) =>
        new(AwsClientFactory.CreateSqs(environment, region, clock, options), queueUrl.ToString());

    /// <summary>
    /// As the AWS SDKs do in Lambda: the invocation's trace header goes on every AWS request, so a continuation
    /// message keeps its invocation's trace (SQS stores it as AWSTraceHeader). Lambda joins the watch's
    /// invocations into one trace with it, and counts them for recursive loop detection (template.yaml allows
    /// the loop; the watch bounds it).
    /// </summary>
    private static string? TraceHeader(IEnvironmentVariables environment) =>
        string.IsNullOrEmpty(environment.Get(SettingNames.FunctionName)) ? null : environment.Get(SettingNames.TraceId);
}
