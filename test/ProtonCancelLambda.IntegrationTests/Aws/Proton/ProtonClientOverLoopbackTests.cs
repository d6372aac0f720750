using System.Net;
using ProtonCancelLambda.Aws.Clients;
using ProtonCancelLambda.Aws.Http;
using ProtonCancelLambda.Aws.Proton;
using ProtonCancelLambda.Configuration;

namespace ProtonCancelLambda.IntegrationTests.Aws.Proton;

/// <summary>
/// Our Proton client, built by the public factory from environment variables, over real sockets to a tiny
/// HTTP server on 127.0.0.1 that answers as Proton does; and to a port where nothing listens.
/// </summary>
public sealed class ProtonClientOverLoopbackTests
{
    private static IProtonEnvironments Client(int port, AwsClientOptions? options = null) => AwsClientFactory.CreateProton(
        new DictionaryEnvironmentVariables([
            KeyValuePair.Create(SettingNames.EndpointUrlProton, $"http://127.0.0.1:{port}"),
            KeyValuePair.Create("AWS_ACCESS_KEY_ID", "test"),
            KeyValuePair.Create("AWS_SECRET_ACCESS_KEY", "test")]),
        "us-east-1",
        TimeProvider.System,
        options);

    private static HttpResponseMessage ProtonAnswer(HttpStatusCode status, string body) =>
        StubTransport.Json(status, body, ("x-amzn-RequestId", Guid.NewGuid().ToString()));

    [Fact]
    public async Task CancelThenError_OverRealHttp_ParsesTheEnvironmentAndTheTypedError()
    {
        var answers = new Queue<HttpResponseMessage>([
            ProtonAnswer(HttpStatusCode.OK, """{"environment":{"arn":"arn:aws:proton:us-east-1:123456789012:environment/prod-network","name":"prod-network","deploymentStatus":"CANCELLING","createdAt":1763913600.5,"lastDeploymentAttemptedAt":1763913601,"lastDeploymentSucceededAt":1763913602,"templateName":"vpc","templateMajorVersion":"1","templateMinorVersion":"0"}}"""),
            ProtonAnswer(HttpStatusCode.BadRequest, """{"__type":"com.amazonaws.proton#ResourceNotFoundException","message":"The resource is not found."}""")]);
        using var server = LoopbackHttpServer.Start(_ => answers.Dequeue());
        var client = Client(server.Endpoint.Port);
        var deadline = TimeProvider.System.GetUtcNow().AddSeconds(20);

        var environment = await client.CancelEnvironmentDeploymentAsync("prod-network", deadline, TestContext.Current.CancellationToken);
        var error = await Assert.ThrowsAsync<ProtonException>(() => client.GetEnvironmentAsync("gone", deadline, TestContext.Current.CancellationToken));
        var seen = server.Requests;

        Assert.Equal(DeploymentStatuses.Cancelling, environment.DeploymentStatus);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1763913600500), environment.CreatedAt);
        Assert.Equal((ProtonErrorCodes.ResourceNotFound, "The resource is not found.", 400, false), (error.ErrorCode, error.Message, error.StatusCode, error.IsRetryable));
        Assert.Equal(2, seen.Count);
        Assert.Equal(("AwsProton20200720.CancelEnvironmentDeployment", """{"environmentName":"prod-network"}"""), (seen[0].Headers["X-Amz-Target"], seen[0].Body));
        Assert.Equal(("AwsProton20200720.GetEnvironment", """{"name":"gone"}"""), (seen[1].Headers["X-Amz-Target"], seen[1].Body));
        Assert.All(seen, s => Assert.StartsWith("AWS4-HMAC-SHA256 Credential=test/", s.Headers["Authorization"], StringComparison.Ordinal));
    }

    [Fact]
    public async Task NothingListening_IsARetryableNetworkError_RetriedUntilAttemptsRunOut()
    {
        var retries = new List<AwsRetryEvent>();
        var client = Client(FreeTcpPort.Next(), new AwsClientOptions { MaxAttempts = 3, BaseDelay = TimeSpan.FromMilliseconds(10), OnRetry = retries.Add });

        var error = await Assert.ThrowsAsync<ProtonException>(
            () => client.GetEnvironmentAsync("prod-network", TimeProvider.System.GetUtcNow().AddSeconds(20), TestContext.Current.CancellationToken));

        Assert.Equal((AwsErrorCodes.NetworkError, true), (error.ErrorCode, error.IsRetryable));
        Assert.Equal(2, retries.Count);
    }
}
