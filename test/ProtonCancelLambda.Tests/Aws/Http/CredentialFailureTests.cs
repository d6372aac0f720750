using ProtonCancelLambda.Aws.Clients;
using ProtonCancelLambda.Aws.Http;
using ProtonCancelLambda.Aws.Proton;

namespace ProtonCancelLambda.Tests.Aws.Http;

public sealed class CredentialFailureTests
{
    private sealed class MissingCredentials : Amazon.Runtime.AWSCredentials
    {
        public override Amazon.Runtime.ImmutableCredentials GetCredentials() => throw new Amazon.Runtime.AmazonClientException("Failed to resolve AWS credentials.");
    }

    [Fact]
    public async Task UnresolvableCredentials_AreANonRetryableCredentialsError_AndNothingIsSent()
    {
        var transport = new StubTransport().Then(() => new HttpResponseMessage(System.Net.HttpStatusCode.OK));
        var clock = TestClients.Clock();
        using var client = AwsClientFactory.CreateProton(TestClients.Endpoint, "us-east-1", new MissingCredentials(), clock, null, transport);

        var error = await Assert.ThrowsAsync<ProtonException>(() => client.GetEnvironmentAsync("env", clock.GetUtcNow().AddMinutes(1), TestContext.Current.CancellationToken));

        Assert.Equal((AwsErrorCodes.CredentialsError, false), (error.ErrorCode, error.IsRetryable));
        Assert.Empty(transport.Requests);
    }
}
