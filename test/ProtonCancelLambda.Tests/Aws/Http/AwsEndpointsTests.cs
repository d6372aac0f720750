using ProtonCancelLambda.Aws.Http;
using ProtonCancelLambda.Configuration;

namespace ProtonCancelLambda.Tests.Aws.Http;

public sealed class AwsEndpointsTests
{
    private static DictionaryEnvironmentVariables Env(params (string Key, string Value)[] values) =>
        new(values.Select(v => KeyValuePair.Create(v.Key, v.Value)));

    [Fact]
    public void ServiceSpecificVariable_WinsOverTheGeneralOne() =>
        Assert.Equal(
            new Uri("http://127.0.0.1:5000/"),
            AwsEndpoints.Resolve(Env(("AWS_ENDPOINT_URL_PROTON", "http://127.0.0.1:5000"), ("AWS_ENDPOINT_URL", "http://127.0.0.1:6000")), "PROTON", "proton", "us-east-1"));

    [Fact]
    public void GeneralVariable_IsUsedWhenNoServiceSpecificOne() =>
        Assert.Equal(new Uri("http://127.0.0.1:6000/"), AwsEndpoints.Resolve(Env(("AWS_ENDPOINT_URL", "http://127.0.0.1:6000")), "SNS", "sns", "us-east-1"));

    [Theory]
    [InlineData("PROTON", "proton", "eu-west-1", "https://proton.eu-west-1.amazonaws.com/")]
    [InlineData("SNS", "sns", "us-east-2", "https://sns.us-east-2.amazonaws.com/")]
    [InlineData("SQS", "sqs", "cn-north-1", "https://sqs.cn-north-1.amazonaws.com.cn/")]
    public void NoVariable_GivesThePublicRegionalEndpoint(string serviceId, string prefix, string region, string expected) =>
        Assert.Equal(new Uri(expected), AwsEndpoints.Resolve(Env(), serviceId, prefix, region));

    [Fact]
    public void IgnoreConfiguredEndpointUrls_IsHonoured() =>
        Assert.Equal(
            new Uri("https://sns.us-east-1.amazonaws.com/"),
            AwsEndpoints.Resolve(Env(("AWS_ENDPOINT_URL_SNS", "http://127.0.0.1:1"), ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true")), "SNS", "sns", "us-east-1"));

    [Fact]
    public void MalformedUrl_FailsNamingTheVariable()
    {
        var error = Assert.Throws<SettingsException>(() => AwsEndpoints.Resolve(Env(("AWS_ENDPOINT_URL_SQS", "localhost:4566")), "SQS", "sqs", "us-east-1"));
        Assert.Equal("AWS_ENDPOINT_URL_SQS", error.SettingName);
    }
}
