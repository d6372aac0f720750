using Amazon.Runtime;
using ProtonCancelLambda.Aws.DynamoDb;
using ProtonCancelLambda.Aws.Http;
using ProtonCancelLambda.Aws.Proton;
using ProtonCancelLambda.Aws.Sns;
using ProtonCancelLambda.Aws.Sqs;
using ProtonCancelLambda.Configuration;

namespace ProtonCancelLambda.Aws;

/// <summary>
/// Creates our AWS clients from the function's environment: endpoint overrides, credentials, the region to
/// sign for. Called where the app is wired; the clients live for the process and share nothing mutable.
/// </summary>
public static class AwsClientFactory
{
    public static IProtonEnvironments CreateProton(IEnvironmentVariables environment, string region, TimeProvider clock, AwsClientOptions? options = null) =>
        CreateProton(
            AwsEndpoints.Resolve(environment, "PROTON", ProtonClient.EndpointPrefix, region),
            region,
            AwsCredentialsFactory.Create(environment),
            clock,
            options,
            AwsHttpChannel.CreateDefaultTransport());

    public static ISnsPublisher CreateSns(IEnvironmentVariables environment, string region, TimeProvider clock, AwsClientOptions? options = null) =>
        CreateSns(
            AwsEndpoints.Resolve(environment, "SNS", SnsClient.EndpointPrefix, region),
            region,
            AwsCredentialsFactory.Create(environment),
            clock,
            options,
            AwsHttpChannel.CreateDefaultTransport());

    public static ISqsSender CreateSqs(IEnvironmentVariables environment, string region, TimeProvider clock, AwsClientOptions? options = null) =>
        CreateSqs(
            AwsEndpoints.Resolve(environment, "SQS", SqsClient.EndpointPrefix, region),
            region,
            AwsCredentialsFactory.Create(environment),
            clock,
            options,
            AwsHttpChannel.CreateDefaultTransport());

    internal static DynamoDbClient CreateDynamoDb(IEnvironmentVariables environment, string region, TimeProvider clock, AwsClientOptions? options = null) =>
        CreateDynamoDb(
            AwsEndpoints.Resolve(environment, "DYNAMODB", DynamoDbClient.EndpointPrefix, region),
            region,
            AwsCredentialsFactory.Create(environment),
            clock,
            options,
            AwsHttpChannel.CreateDefaultTransport());

    /// <summary>For tests and tools: an explicit endpoint, credentials and transport (the handler under the signer).</summary>
    internal static ProtonClient CreateProton(Uri endpoint, string region, AWSCredentials credentials, TimeProvider clock, AwsClientOptions? options, HttpMessageHandler transport) =>
        new(new AwsHttpChannel(new ProtonProtocol(), endpoint, ProtonClient.SigningName, region, credentials, clock, options ?? new AwsClientOptions(), transport));

    internal static SnsClient CreateSns(Uri endpoint, string region, AWSCredentials credentials, TimeProvider clock, AwsClientOptions? options, HttpMessageHandler transport) =>
        new(new AwsHttpChannel(new SnsProtocol(), endpoint, SnsClient.SigningName, region, credentials, clock, options ?? new AwsClientOptions(), transport));

    internal static SqsClient CreateSqs(Uri endpoint, string region, AWSCredentials credentials, TimeProvider clock, AwsClientOptions? options, HttpMessageHandler transport) =>
        new(new AwsHttpChannel(new SqsProtocol(), endpoint, SqsClient.SigningName, region, credentials, clock, options ?? new AwsClientOptions(), transport));

    internal static DynamoDbClient CreateDynamoDb(Uri endpoint, string region, AWSCredentials credentials, TimeProvider clock, AwsClientOptions? options, HttpMessageHandler transport) =>
        new(new AwsHttpChannel(new DynamoDbProtocol(), endpoint, DynamoDbClient.SigningName, region, credentials, clock, options ?? new AwsClientOptions(), transport));
}
