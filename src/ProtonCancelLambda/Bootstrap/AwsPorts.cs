using ProtonCancelLambda.Aws.Clients;
using ProtonCancelLambda.Aws.DynamoDb;
using ProtonCancelLambda.Aws.Http;
using ProtonCancelLambda.Aws.Proton;
using ProtonCancelLambda.Aws.Sns;
using ProtonCancelLambda.Aws.Sqs;
using ProtonCancelLambda.Configuration;

namespace ProtonCancelLambda.Bootstrap;

/// <summary>
/// The function's whole AWS boundary: every call it makes goes through one of these. In Lambda they are our
/// signed clients; a test or a simulation hands in its own and runs the real pipeline against them.
/// </summary>
internal sealed record AwsPorts(IProtonEnvironments Proton, ISnsPublisher Sns, ISqsSender? Sqs, IDynamoDbItems? DynamoDb)
{
    /// <summary>The clients the settings call for: SQS with a request queue, DynamoDB with an idempotency table.</summary>
    public static AwsPorts FromEnvironment(FunctionSettings settings, IEnvironmentVariables environment, TimeProvider clock, AwsClientOptions options) =>
        new(
            AwsClientFactory.CreateProton(environment, settings.Region, clock, options),
            AwsClientFactory.CreateSns(environment, settings.Region, clock, options),
            settings.RequestQueueUrl is null ? null : AwsClientFactory.CreateSqs(environment, settings.Region, clock, options),
            settings.IdempotencyTableName is null ? null : AwsClientFactory.CreateDynamoDb(environment, settings.Region, clock, options));
}
