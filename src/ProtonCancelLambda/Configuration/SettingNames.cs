namespace ProtonCancelLambda.Configuration;

/// <summary>
/// Every setting the function reads, with why it exists. The AWS SDK conventions (credential variables,
/// AWS_IGNORE_CONFIGURED_ENDPOINT_URLS) stay with the code that reads them.
/// </summary>
public static class SettingNames
{
    /// <summary>Required. The SNS topic that receives one outcome notification per request.</summary>
    public const string OutcomeTopicArn = "OUTCOME_TOPIC_ARN";

    /// <summary>The request queue: a deployment still settling when the poll window ends is handed back here.</summary>
    public const string RequestQueueUrl = "REQUEST_QUEUE_URL";

    /// <summary>Shortest wait between two GetEnvironment calls; short so that quick cancellations are seen quickly.</summary>
    public const string PollInitialSeconds = "POLL_INITIAL_SECONDS";

    /// <summary>Longest wait between two GetEnvironment calls; bounds the detection lag of long cancellations.</summary>
    public const string PollMaxSeconds = "POLL_MAX_SECONDS";

    /// <summary>How long one invocation keeps watching before it hands the watch to a continuation message.</summary>
    public const string PollWindowSeconds = "POLL_WINDOW_SECONDS";

    /// <summary>How long, from the first attempt, a deployment is watched before the outcome is TIMED_OUT.</summary>
    public const string MaxWatchSeconds = "MAX_WATCH_SECONDS";

    /// <summary>How many records of one SQS batch are worked on at once, so Proton's API is not flooded.</summary>
    public const string MaxConcurrency = "MAX_CONCURRENCY";

    /// <summary>
    /// How long after SNS could not take an outcome a continuation looks at the settled watch again and publishes
    /// it: long enough for a short outage to pass, short enough that subscribers hear soon.
    /// </summary>
    public const string RepublishDelaySeconds = "REPUBLISH_DELAY_SECONDS";

    /// <summary>
    /// The GetEnvironment and CancelEnvironmentDeployment calls per second the whole function may make (Proton's
    /// limit is per account and region, and AWS publishes none). 0, the default, leaves the operation unpaced; a
    /// rate needs the idempotency table, which keeps the fleet's shared count of turns.
    /// </summary>
    public const string ProtonGetEnvironmentPerSecond = "PROTON_GET_ENVIRONMENT_PER_SECOND";
    public const string ProtonCancelPerSecond = "PROTON_CANCEL_PER_SECOND";

    /// <summary>
    /// Optional DynamoDB table (partition key <c>id</c>, TTL on <c>expiration</c>) that gives each requestId exactly
    /// one outcome. Without it, delivery is at least once: duplicates and redeliveries can publish again.
    /// </summary>
    public const string IdempotencyTableName = "IDEMPOTENCY_TABLE_NAME";

    /// <summary>How long a request's record lives after its last write: the window in which a duplicate is recognised.</summary>
    public const string IdempotencyTtlSeconds = "IDEMPOTENCY_TTL_SECONDS";

    /// <summary>
    /// Powertools' convention: the value of the <c>Service</c> dimension on every metric, so that two stacks in one
    /// account and region keep their metrics (and alarms) apart. The template sets it to the stack's name.
    /// </summary>
    public const string ServiceName = "POWERTOOLS_SERVICE_NAME";

    /// <summary>Set by Lambda: the region whose endpoints and signatures the AWS clients use.</summary>
    public const string AwsRegion = "AWS_REGION";

    /// <summary>The fallback for AWS_REGION: some local tools set only this one.</summary>
    public const string AwsDefaultRegion = "AWS_DEFAULT_REGION";

    /// <summary>Set by Lambda's advanced logging controls: JSON or Text.</summary>
    public const string LogFormat = "AWS_LAMBDA_LOG_FORMAT";

    /// <summary>Set by Lambda's advanced logging controls: the lowest level written.</summary>
    public const string LogLevel = "AWS_LAMBDA_LOG_LEVEL";

    /// <summary>Set by Lambda: host and port of the Runtime API.</summary>
    public const string RuntimeApi = "AWS_LAMBDA_RUNTIME_API";

    /// <summary>Set by Lambda: the function's name. As in the AWS SDKs, the trace header is sent only when it is set.</summary>
    public const string FunctionName = "AWS_LAMBDA_FUNCTION_NAME";

    /// <summary>Set per invocation from Lambda-Runtime-Trace-Id, for X-Ray aware code.</summary>
    public const string TraceId = "_X_AMZN_TRACE_ID";

    /// <summary>Endpoint overrides, per the AWS SDKs' convention (service-specific first).</summary>
    public const string EndpointUrl = "AWS_ENDPOINT_URL";
    public const string EndpointUrlProton = "AWS_ENDPOINT_URL_PROTON";
    public const string EndpointUrlSns = "AWS_ENDPOINT_URL_SNS";
    public const string EndpointUrlSqs = "AWS_ENDPOINT_URL_SQS";
    public const string EndpointUrlDynamoDb = "AWS_ENDPOINT_URL_DYNAMODB";

    /// <summary>
    /// The AWS SDKs' switches to FIPS and dual-stack endpoints. The function's own clients do not resolve those
    /// endpoints (docs/DESIGN-DECISIONS.md), so <c>true</c> fails the init rather than being ignored.
    /// </summary>
    public const string UseFipsEndpoint = "AWS_USE_FIPS_ENDPOINT";
    public const string UseDualStackEndpoint = "AWS_USE_DUALSTACK_ENDPOINT";
}
