using Amazon.Runtime;
using ProtonCancelLambda.Aws.Http;
using ProtonCancelLambda.Configuration;

namespace ProtonCancelLambda.Tests.Aws.Http;

public sealed class AwsCredentialsFactoryTests
{
    [Fact]
    public void KeysInTheEnvironment_AreUsed_WithTheSessionTokenWhenPresent()
    {
        var env = new DictionaryEnvironmentVariables([
            KeyValuePair.Create("AWS_ACCESS_KEY_ID", "AKID"),
            KeyValuePair.Create("AWS_SECRET_ACCESS_KEY", "SECRET"),
            KeyValuePair.Create("AWS_SESSION_TOKEN", "TOKEN")]);

        var credentials = AwsCredentialsFactory.Create(env).GetCredentials();

        Assert.Equal(("AKID", "SECRET", "TOKEN"), (credentials.AccessKey, credentials.SecretKey, credentials.Token));
    }

    [Fact]
    public void KeysWithoutToken_AreBasicCredentials() =>
        Assert.IsType<BasicAWSCredentials>(AwsCredentialsFactory.Create(new DictionaryEnvironmentVariables([
            KeyValuePair.Create("AWS_ACCESS_KEY_ID", "AKID"),
            KeyValuePair.Create("AWS_SECRET_ACCESS_KEY", "SECRET")])));

    [Fact]
    public void NoKeys_DefersToTheDefaultChainWithoutResolvingAtCreation() =>
        Assert.IsType<DefaultChainCredentials>(AwsCredentialsFactory.Create(new DictionaryEnvironmentVariables([])));
}
