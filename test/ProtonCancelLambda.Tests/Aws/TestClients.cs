using Amazon.Runtime;
using Microsoft.Extensions.Time.Testing;
using ProtonCancelLambda.Aws.Clients;
using ProtonCancelLambda.Aws.Http;
using ProtonCancelLambda.Aws.Proton;
using ProtonCancelLambda.Aws.Sns;
using ProtonCancelLambda.Aws.Sqs;

namespace ProtonCancelLambda.Tests.Aws;

internal static class TestClients
{
    public static readonly Uri Endpoint = new("http://127.0.0.1:4599/");

    public static readonly DateTimeOffset Start = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    public static FakeTimeProvider Clock() => new(Start);

    public static AwsClientOptions Options(List<AwsRetryEvent>? retries = null, int maxAttempts = 6) => new()
    {
        MaxAttempts = maxAttempts,
        Randomizer = () => 0.0,
        OnRetry = retries is null ? null : retries.Add,
    };

    public static ProtonClient Proton(StubTransport transport, FakeTimeProvider clock, AwsClientOptions? options = null) =>
        AwsClientFactory.CreateProton(Endpoint, "us-east-1", new BasicAWSCredentials("AKIDEXAMPLE", "secret-example"), clock, options ?? Options(), transport);

    public static SnsClient Sns(StubTransport transport, FakeTimeProvider clock, AwsClientOptions? options = null) =>
        AwsClientFactory.CreateSns(Endpoint, "us-east-1", new BasicAWSCredentials("AKIDEXAMPLE", "secret-example"), clock, options ?? Options(), transport);

    public static SqsClient Sqs(StubTransport transport, FakeTimeProvider clock, AwsClientOptions? options = null) =>
        AwsClientFactory.CreateSqs(Endpoint, "us-east-1", new BasicAWSCredentials("AKIDEXAMPLE", "secret-example"), clock, options ?? Options(), transport);
}
