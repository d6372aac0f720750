using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ProtonCancelLambda.Aws.Http;

namespace ProtonCancelLambda.Aws.Proton;

/// <summary>The two Proton operations over AWS JSON 1.0, signed with SigV4 (signing name <c>proton</c>).</summary>
internal sealed class ProtonClient : IProtonEnvironments, IDisposable
{
    public const string SigningName = "proton";
    public const string EndpointPrefix = "proton";
    public const string TargetPrefix = "AwsProton20200720";
    public const string ContentType = "application/x-amz-json-1.0";

    private readonly AwsHttpChannel _channel;

    public ProtonClient(AwsHttpChannel channel)
    {
        _channel = channel;
    }

    public Task<ProtonEnvironment> CancelEnvironmentDeploymentAsync(string environmentName, DateTimeOffset deadline, CancellationToken cancellationToken) =>
        CallAsync("CancelEnvironmentDeployment", new CancelEnvironmentDeploymentInput(environmentName), ProtonJsonContext.Default.CancelEnvironmentDeploymentInput, deadline, cancellationToken);

    public Task<ProtonEnvironment> GetEnvironmentAsync(string name, DateTimeOffset deadline, CancellationToken cancellationToken) =>
        CallAsync("GetEnvironment", new GetEnvironmentInput(name), ProtonJsonContext.Default.GetEnvironmentInput, deadline, cancellationToken);

    public void Dispose() => _channel.Dispose();

    private Task<ProtonEnvironment> CallAsync<TInput>(string operation, TInput input, JsonTypeInfo<TInput> inputType, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(input, inputType);
        return _channel.SendAsync(operation, () => CreateRequest(operation, body), ReadEnvironmentAsync, deadline, cancellationToken);
    }

    private HttpRequestMessage CreateRequest(string operation, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(ContentType);
        var request = new HttpRequestMessage(HttpMethod.Post, _channel.Endpoint) { Content = content };
        request.Headers.TryAddWithoutValidation("X-Amz-Target", $"{TargetPrefix}.{operation}");
        return request;
    }

    private static async Task<ProtonEnvironment> ReadEnvironmentAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var output = await JsonSerializer.DeserializeAsync(stream, ProtonJsonContext.Default.EnvironmentOutput, cancellationToken).ConfigureAwait(false);
            return output?.Environment ?? throw new JsonException("The response has no environment.");
        }
    }
}
