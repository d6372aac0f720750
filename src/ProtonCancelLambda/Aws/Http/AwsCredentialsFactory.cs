using Amazon.Runtime;
using ProtonCancelLambda.Configuration;

namespace ProtonCancelLambda.Aws.Http;

/// <summary>
/// Credentials for our AWS clients (Proton, SNS, SQS, DynamoDB). Keys in <see cref="IEnvironmentVariables"/> win, so an
/// in-process function with an in-memory environment signs with its own keys; otherwise AWSSDK.Core's default
/// chain (environment, profile, container and instance credentials) resolves them on first use.
/// </summary>
public static class AwsCredentialsFactory
{
    // The names the AWS SDKs and Lambda use; Lambda sets all three for the execution role.
    private const string AccessKeyId = "AWS_ACCESS_KEY_ID";
    private const string SecretAccessKey = "AWS_SECRET_ACCESS_KEY";
    private const string SessionToken = "AWS_SESSION_TOKEN";

    public static AWSCredentials Create(IEnvironmentVariables environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var accessKeyId = environment.Get(AccessKeyId);
        var secretAccessKey = environment.Get(SecretAccessKey);
        if (string.IsNullOrEmpty(accessKeyId) || string.IsNullOrEmpty(secretAccessKey))
        {
            return new DefaultChainCredentials();
        }

        var sessionToken = environment.Get(SessionToken);
        return string.IsNullOrEmpty(sessionToken)
            ? new BasicAWSCredentials(accessKeyId, secretAccessKey)
            : new SessionAWSCredentials(accessKeyId, secretAccessKey, sessionToken);
    }
}
