using Amazon.Runtime;
using Amazon.SQS;
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
        };

        var proton = AwsClientFactory.CreateProton(environment, settings.Region, clock, clientOptions);
        var publisher = new SnsOutcomePublisher(AwsClientFactory.CreateSns(environment, settings.Region, clock, clientOptions), settings.OutcomeTopicArn);
        var continuations = settings.RequestQueueUrl is { } queueUrl ? CreateContinuationQueue(environment, settings.Region, queueUrl, clock) : null;
        var schedule = new PollSchedule(settings.PollInitial, settings.PollMax, Random.Shared.NextDouble);
        var workflow = new CancellationWorkflow(proton, continuations, WorkflowOptions.From(settings), schedule, clock, logger);
        var processor = new CancelRequestProcessor(workflow, publisher, continuations, metrics, clock, logger);
        var handler = new FunctionHandler(new SqsBatchHandler(processor, settings.MaxConcurrency, logger), new EventBridgeHandler(processor));
        return new MetricsFlushingHandler(handler, metrics);
    }

    private static SqsContinuationQueue CreateContinuationQueue(IEnvironmentVariables environment, string region, Uri queueUrl, TimeProvider clock)
    {
        // Resolved now, so a malformed AWS_ENDPOINT_URL_SQS is an init error rather than a failed continuation.
        var serviceUrl = AwsEndpoints.Resolve(environment, "SQS", "sqs", region);
        return new SqsContinuationQueue(() => CreateSqsClient(serviceUrl, region, AwsCredentialsFactory.Create(environment)), queueUrl.ToString(), clock);
    }

    private static AmazonSQSClient CreateSqsClient(Uri serviceUrl, string region, AWSCredentials credentials) =>
        new(credentials, new AmazonSQSConfig
        {
            ServiceURL = serviceUrl.ToString(),
            AuthenticationRegion = region,
            MaxErrorRetry = 3,
            Timeout = TimeSpan.FromSeconds(10),
        });
}
