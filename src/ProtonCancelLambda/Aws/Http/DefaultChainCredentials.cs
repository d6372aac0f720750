using Amazon.Runtime;
using Amazon.Runtime.Credentials;

namespace ProtonCancelLambda.Aws.Http;

/// <summary>
/// AWSSDK.Core's default credential chain, resolved on first use rather than at construction: the function
/// must be able to start (and report settings errors) on a machine where no credentials exist yet.
/// A failed resolution is not cached, so a container-credentials endpoint that was briefly down is retried.
/// </summary>
internal sealed class DefaultChainCredentials : AWSCredentials
{
    private readonly Lazy<AWSCredentials> _resolved = new(
        static () => DefaultAWSCredentialsIdentityResolver.GetCredentials(null),
        LazyThreadSafetyMode.PublicationOnly);

    public override ImmutableCredentials GetCredentials() => _resolved.Value.GetCredentials();

    public override Task<ImmutableCredentials> GetCredentialsAsync() => _resolved.Value.GetCredentialsAsync();
}
