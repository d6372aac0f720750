using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;

namespace ProtonCancelLambda.Bootstrap;

/// <summary>
/// Work every first invocation needs that does not depend on the event: the first SigV4 signature loads and
/// initialises OpenSSL (libssl, libcrypto, openssl.cnf) for SHA-256/HMAC and AWSSDK.Core's signing statics,
/// ~8 ms. Done on a background thread once the first event has arrived (<see cref="WarmUpAfterFirstNext"/>), it
/// overlaps with the work before the first signed call. Nothing is sent; failures are ignored.
/// </summary>
internal static class StartupWarmUp
{
    public static void Start() => _ = Task.Run(SignDummyRequestAsync);

    private static async Task SignDummyRequestAsync()
    {
        try
        {
            var request = new AWSSigningRequest { HttpMethod = HttpMethod.Post, RequestUri = new Uri("https://proton.us-east-1.amazonaws.com/"), Content = [] };
            var parameters = new AWSSigV4Parameters
            {
                Credentials = new BasicAWSCredentials("warm-up", "warm-up"),
                Region = RegionEndpoint.USEast1,
                Service = "proton",
                SignedAt = DateTime.UnixEpoch,
            };
            await AWSSigV4Signer.SignAsync(request, parameters).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A warm-up that fails only means the first real call pays the cost.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}
