using System.Net;
using System.Text.Json;
using ProtonCancelLambda.Aws.Proton;

namespace ProtonCancelLambda.Tests.Aws.Proton;

public sealed class ProtonClientTests
{
    internal const string FullEnvironment = """
        {"environment":{
          "arn":"arn:aws:proton:us-east-1:123456789012:environment/prod-network",
          "name":"prod-network",
          "codebuildRoleArn":"arn:aws:iam::123456789012:role/cb",
          "componentRoleArn":"arn:aws:iam::123456789012:role/comp",
          "createdAt":1.7639136e9,
          "deploymentStatus":"CANCELLING",
          "deploymentStatusMessage":"User initiated cancellation.",
          "description":"network for prod",
          "environmentAccountConnectionId":"conn-1",
          "environmentAccountId":"210987654321",
          "lastAttemptedDeploymentId":"d-0002",
          "lastDeploymentAttemptedAt":1763978400.123,
          "lastDeploymentSucceededAt":1763900000,
          "lastSucceededDeploymentId":"d-0001",
          "protonServiceRoleArn":"arn:aws:iam::123456789012:role/proton",
          "provisioning":"CUSTOMER_MANAGED",
          "provisioningRepository":{"arn":"arn:aws:proton:us-east-1:123456789012:repository/github:org/infra","branch":"main","name":"org/infra","provider":"GITHUB"},
          "spec":"proton: EnvironmentSpec",
          "templateMajorVersion":"1",
          "templateMinorVersion":"2",
          "templateName":"vpc",
          "someFutureMember":{"ignored":true}
        }}
        """;

    [Fact]
    public async Task GetEnvironment_ReadsEveryMemberOfTheEnvironmentShape()
    {
        var transport = new StubTransport().Then(() => StubTransport.Json(HttpStatusCode.OK, FullEnvironment));
        var clock = TestClients.Clock();
        using var client = TestClients.Proton(transport, clock);

        var environment = await client.GetEnvironmentAsync("prod-network", clock.GetUtcNow().AddMinutes(1), TestContext.Current.CancellationToken);

        Assert.Equal("arn:aws:proton:us-east-1:123456789012:environment/prod-network", environment.Arn);
        Assert.Equal("prod-network", environment.Name);
        Assert.Equal("arn:aws:iam::123456789012:role/cb", environment.CodebuildRoleArn);
        Assert.Equal("arn:aws:iam::123456789012:role/comp", environment.ComponentRoleArn);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1763913600), environment.CreatedAt);
        Assert.Equal(DeploymentStatuses.Cancelling, environment.DeploymentStatus);
        Assert.Equal("User initiated cancellation.", environment.DeploymentStatusMessage);
        Assert.Equal("network for prod", environment.Description);
        Assert.Equal("conn-1", environment.EnvironmentAccountConnectionId);
        Assert.Equal("210987654321", environment.EnvironmentAccountId);
        Assert.Equal("d-0002", environment.LastAttemptedDeploymentId);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1763978400123), environment.LastDeploymentAttemptedAt);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1763900000), environment.LastDeploymentSucceededAt);
        Assert.Equal("d-0001", environment.LastSucceededDeploymentId);
        Assert.Equal("arn:aws:iam::123456789012:role/proton", environment.ProtonServiceRoleArn);
        Assert.Equal("CUSTOMER_MANAGED", environment.Provisioning);
        Assert.Equal(new ProtonRepositoryBranch("arn:aws:proton:us-east-1:123456789012:repository/github:org/infra", "main", "org/infra", "GITHUB"), environment.ProvisioningRepository);
        Assert.Equal("proton: EnvironmentSpec", environment.Spec);
        Assert.Equal("1", environment.TemplateMajorVersion);
        Assert.Equal("2", environment.TemplateMinorVersion);
        Assert.Equal("vpc", environment.TemplateName);
    }

    [Theory]
    [InlineData("GetEnvironment", """{"name":"prod-network"}""")]
    [InlineData("CancelEnvironmentDeployment", """{"environmentName":"prod-network"}""")]
    public async Task Request_IsAwsJson10WithTargetHeaderBodyAndSigV4Authorization(string operation, string expectedBody)
    {
        var transport = new StubTransport().Then(() => StubTransport.Json(HttpStatusCode.OK, FullEnvironment));
        var clock = TestClients.Clock();
        using var client = TestClients.Proton(transport, clock);
        var deadline = clock.GetUtcNow().AddMinutes(1);

        _ = operation == "GetEnvironment"
            ? await client.GetEnvironmentAsync("prod-network", deadline, TestContext.Current.CancellationToken)
            : await client.CancelEnvironmentDeploymentAsync("prod-network", deadline, TestContext.Current.CancellationToken);

        var request = Assert.Single(transport.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("/", request.Uri.AbsolutePath);
        Assert.Equal($"AwsProton20200720.{operation}", request.Headers["X-Amz-Target"]);
        Assert.Equal("application/x-amz-json-1.0", request.Headers["Content-Type"]);
        Assert.Equal(expectedBody, request.Body);
        Assert.Equal("20261124T100000Z", request.Headers["X-Amz-Date"]);
        Assert.Matches(
            "^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261124/us-east-1/proton/aws4_request, SignedHeaders=[a-z0-9;-]*content-type;host;[a-z0-9;-]*x-amz-date;x-amz-target, Signature=[0-9a-f]{64}$",
            request.Headers["Authorization"]);
    }

    [Fact]
    public async Task ResponseWithoutEnvironment_IsInvalidResponseAndNotRetried()
    {
        var transport = new StubTransport().Then(() => StubTransport.Json(HttpStatusCode.OK, "{}"));
        var clock = TestClients.Clock();
        using var client = TestClients.Proton(transport, clock);

        var error = await Assert.ThrowsAsync<ProtonException>(() => client.GetEnvironmentAsync("x", clock.GetUtcNow().AddMinutes(1), TestContext.Current.CancellationToken));

        Assert.Equal("InvalidResponse", error.ErrorCode);
        Assert.False(error.IsRetryable);
        Assert.IsType<JsonException>(error.InnerException);
        Assert.Single(transport.Requests);
    }
}
