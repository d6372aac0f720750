using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace ProtonCancelLambda.Aws.Http;

/// <summary>
/// One AWS JSON 1.0 operation on a channel (Proton, SQS and DynamoDB all speak it): the input serialized once,
/// a fresh POST per attempt with <c>X-Amz-Target: {targetPrefix}.{operation}</c>, the output read with its
/// source-generated contract.
/// </summary>
internal static class AwsJsonCall
{
    public const string ContentType = "application/x-amz-json-1.0";

    public static Task<TResult> SendAsync<TInput, TOutput, TResult>(
        AwsHttpChannel channel,
        string targetPrefix,
        string operation,
        TInput input,
        JsonTypeInfo<TInput> inputType,
        JsonTypeInfo<TOutput> outputType,
        Func<TOutput?, TResult> result,
        DateTimeOffset deadline,
        CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(input, inputType);
        return channel.SendAsync(
            operation,
            () => CreateRequest(channel.Endpoint, $"{targetPrefix}.{operation}", body),
            async (response, token) => result(await ReadAsync(response, outputType, token).ConfigureAwait(false)),
            deadline,
            cancellationToken);
    }

    private static HttpRequestMessage CreateRequest(Uri endpoint, string target, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(ContentType);
        var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = content };
        request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        return request;
    }

    private static async Task<TOutput?> ReadAsync<TOutput>(HttpResponseMessage response, JsonTypeInfo<TOutput> outputType, CancellationToken cancellationToken)
    {
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            return await JsonSerializer.DeserializeAsync(stream, outputType, cancellationToken).ConfigureAwait(false);
        }
    }
}
