using ProtonCancelLambda.Configuration;

namespace ProtonCancelLambda.Aws.Http;

/// <summary>
/// Endpoint resolution as the AWS SDKs do it: <c>AWS_ENDPOINT_URL_{SERVICE}</c>, then <c>AWS_ENDPOINT_URL</c>,
/// then the public regional endpoint. Read through <see cref="IEnvironmentVariables"/> so in-process runs
/// (tests, the local emulator) can point one function instance at a simulator without touching the process.
/// </summary>
public static class AwsEndpoints
{
    /// <summary>The SDKs' switch to ignore configured endpoint URLs; honoured so a shared shell profile cannot hijack a deployment.</summary>
    private const string IgnoreConfiguredEndpointUrls = "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS";

    /// <param name="serviceId">The SDK service id as used in the variable name, e.g. <c>PROTON</c>, <c>SNS</c>, <c>SQS</c>.</param>
    /// <param name="endpointPrefix">The model's endpoint prefix, e.g. <c>proton</c>, <c>sns</c>, <c>sqs</c>.</param>
    public static Uri Resolve(IEnvironmentVariables environment, string serviceId, string endpointPrefix, string region)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceId);
        ArgumentException.ThrowIfNullOrWhiteSpace(endpointPrefix);
        ArgumentException.ThrowIfNullOrWhiteSpace(region);

        if (!string.Equals(environment.Get(IgnoreConfiguredEndpointUrls), "true", StringComparison.OrdinalIgnoreCase))
        {
            var specificName = SettingNames.EndpointUrl + "_" + serviceId.ToUpperInvariant().Replace(' ', '_');
            foreach (var name in new[] { specificName, SettingNames.EndpointUrl })
            {
                var value = environment.Get(name);
                if (!string.IsNullOrWhiteSpace(value))
                {
                    return Parse(name, value.Trim());
                }
            }
        }

        // China regions live under their own DNS suffix; every other partition we can run in uses amazonaws.com.
        var suffix = region.StartsWith("cn-", StringComparison.Ordinal) ? "amazonaws.com.cn" : "amazonaws.com";
        return new Uri($"https://{endpointPrefix}.{region}.{suffix}/");
    }

    private static Uri Parse(string name, string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new SettingsException(name, "must be an absolute http or https URL.");
        }

        return uri;
    }
}
