using Amazon.Runtime;
using ProtonCancelLambda.Aws.DynamoDb;
using ProtonCancelLambda.Aws.Http;
using ProtonCancelLambda.Aws.Proton;
using ProtonCancelLambda.Aws.Sns;
using ProtonCancelLambda.Aws.Sqs;
using ProtonCancelLambda.Configuration;

namespace ProtonCancelLambda.Aws.Clients;

/// <summary>
/// Creates our AWS clients from the function's environment: endpoint overrides, credentials, the region to
/// sign for. Called where the app is wired; the clients live for the process and share nothing mutable.
/// </summary>
public static class AwsClientFactory
{
    public static IProtonEnvironments CreateProton(IEnvironmentVariables environment, string region, TimeProvider clock, AwsClientOptions? options = null) =>
        FromEnvironment(environment, "PROTON", ProtonClient.EndpointPrefix, region, clock, options, CreateProton);

    public static ISnsPublisher CreateSns(IEnvironmentVariables environment, string region, TimeProvider clock, AwsClientOptions? options = null) =>
        FromEnvironment(environment, "SNS", SnsClient.EndpointPrefix, region, clock, options, CreateSns);

    public static ISqsSender CreateSqs(IEnvironmentVariables environment, string region, TimeProvider clock, AwsClientOptions? options = null) =>
        FromEnvironment(environment, "SQS", SqsClient.EndpointPrefix, region, clock, options, CreateSqs);

    internal static DynamoDbClient CreateDynamoDb(IEnvironmentVariables environment, string region, TimeProvider clock, AwsClientOptions? options = null) =>
        FromEnvironment(environment, "DYNAMODB", DynamoDbClient.EndpointPrefix, region, clock, options, CreateDynamoDb);

    /// <summary>For tests and tools: an explicit endpoint, credentials and transport (the handler under the signer).</summary>
    internal static ProtonClient CreateProton(Uri endpoint, string region, AWSCredentials credentials, TimeProvider clock, AwsClientOptions? options, HttpMessageHandler transport) =>
        new(Channel(new ProtonProtocol(), ProtonClient.SigningName, endpoint, region, credentials, clock, options, transport));

    internal static SnsClient CreateSns(Uri endpoint, string region, AWSCredentials credentials, TimeProvider clock, AwsClientOptions? options, HttpMessageHandler transport) =>
        new(Channel(new SnsProtocol(), SnsClient.SigningName, endpoint, region, credentials, clock, options, transport));

    internal static SqsClient CreateSqs(Uri endpoint, string region, AWSCredentials credentials, TimeProvider clock, AwsClientOptions? options, HttpMessageHandler transport) =>
        new(Channel(new SqsProtocol(), SqsClient.SigningName, endpoint, region, credentials, clock, options, transport));

    internal static DynamoDbClient CreateDynamoDb(Uri endpoint, string region, AWSCredentials credentials, TimeProvider clock, AwsClientOptions? options, HttpMessageHandler transport) =>
        new(Channel(new DynamoDbProtocol(), DynamoDbClient.SigningName, endpoint, region, credentials, clock, options, transport));

    /// <summary>
    /// What every client takes from the environment: its endpoint (see <see cref="AwsEndpoints"/>), the credential
    /// chain and the default transport; <paramref name="create"/> is the client's explicit factory above.
    /// </summary>
    private static TClient FromEnvironment<TClient>(IEnvironmentVariables environment, string serviceId, string endpointPrefix, string region, TimeProvider clock, AwsClientOptions? options, ExplicitFactory<TClient> create) =>
        create(AwsEndpoints.Resolve(environment, serviceId, endpointPrefix, region), region, AwsCredentialsFactory.Create(environment), clock, options, AwsHttpChannel.CreateDefaultTransport());

    private static AwsHttpChannel Channel(IAwsProtocol protocol, string signingName, Uri endpoint, string region, AWSCredentials credentials, TimeProvider clock, AwsClientOptions? options, HttpMessageHandler transport) =>
        new(protocol, endpoint, signingName, region, credentials, clock, options ?? new AwsClientOptions(), transport);

    private delegate TClient ExplicitFactory<out TClient>(Uri endpoint, string region, AWSCredentials credentials, TimeProvider clock, AwsClientOptions? options, HttpMessageHandler transport);
}
