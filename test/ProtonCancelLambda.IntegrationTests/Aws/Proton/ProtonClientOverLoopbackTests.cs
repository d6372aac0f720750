using System.Net;
using System.Net.Sockets;
using System.Text;
using ProtonCancelLambda.Aws;
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
    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static IProtonEnvironments Client(int port, AwsClientOptions? options = null) => AwsClientFactory.CreateProton(
        new DictionaryEnvironmentVariables([
            KeyValuePair.Create(SettingNames.EndpointUrlProton, $"http://127.0.0.1:{port}"),
            KeyValuePair.Create("AWS_ACCESS_KEY_ID", "test"),
            KeyValuePair.Create("AWS_SECRET_ACCESS_KEY", "test")]),
        "us-east-1",
        TimeProvider.System,
        options);

    [Fact]
    public async Task CancelThenError_OverRealHttp_ParsesTheEnvironmentAndTheTypedError()
    {
        var port = FreePort();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var seen = new List<(string? Target, string? Authorization, string Body)>();
        var server = Task.Run(async () =>
        {
            for (var i = 0; i < 2; i++)
            {
                var context = await listener.GetContextAsync();
                using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
                seen.Add((context.Request.Headers["X-Amz-Target"], context.Request.Headers["Authorization"], await reader.ReadToEndAsync()));
                var (status, body) = i == 0
                    ? (200, """{"environment":{"arn":"arn:aws:proton:us-east-1:123456789012:environment/prod-network","name":"prod-network","deploymentStatus":"CANCELLING","createdAt":1763913600.5,"lastDeploymentAttemptedAt":1763913601,"lastDeploymentSucceededAt":1763913602,"templateName":"vpc","templateMajorVersion":"1","templateMinorVersion":"0"}}""")
                    : (400, """{"__type":"com.amazonaws.proton#ResourceNotFoundException","message":"The resource is not found."}""");
                context.Response.StatusCode = status;
                context.Response.ContentType = "application/x-amz-json-1.0";
                context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
                var bytes = Encoding.UTF8.GetBytes(body);
                await context.Response.OutputStream.WriteAsync(bytes);
                context.Response.Close();
            }
        }, TestContext.Current.CancellationToken);
        var client = Client(port);
        var deadline = TimeProvider.System.GetUtcNow().AddSeconds(20);

        var environment = await client.CancelEnvironmentDeploymentAsync("prod-network", deadline, TestContext.Current.CancellationToken);
        var error = await Assert.ThrowsAsync<ProtonException>(() => client.GetEnvironmentAsync("gone", deadline, TestContext.Current.CancellationToken));
        await server;

        Assert.Equal(DeploymentStatuses.Cancelling, environment.DeploymentStatus);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1763913600500), environment.CreatedAt);
        Assert.Equal((ProtonErrorCodes.ResourceNotFound, "The resource is not found.", 400, false), (error.ErrorCode, error.Message, error.StatusCode, error.IsRetryable));
        Assert.Equal(("AwsProton20200720.CancelEnvironmentDeployment", """{"environmentName":"prod-network"}"""), (seen[0].Target, seen[0].Body));
        Assert.Equal(("AwsProton20200720.GetEnvironment", """{"name":"gone"}"""), (seen[1].Target, seen[1].Body));
        Assert.All(seen, s => Assert.StartsWith("AWS4-HMAC-SHA256 Credential=test/", s.Authorization, StringComparison.Ordinal));
    }

    [Fact]
    public async Task NothingListening_IsARetryableNetworkError_RetriedUntilAttemptsRunOut()
    {
        var retries = new List<AwsRetryEvent>();
        var client = Client(FreePort(), new AwsClientOptions { MaxAttempts = 3, BaseDelay = TimeSpan.FromMilliseconds(10), OnRetry = retries.Add });

        var error = await Assert.ThrowsAsync<ProtonException>(
            () => client.GetEnvironmentAsync("prod-network", TimeProvider.System.GetUtcNow().AddSeconds(20), TestContext.Current.CancellationToken));

        Assert.Equal((AwsErrorCodes.NetworkError, true), (error.ErrorCode, error.IsRetryable));
        Assert.Equal(2, retries.Count);
    }
}
