using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using ProtonCancelLambda.RuntimeApi;

namespace ProtonCancelLambda.Tests.RuntimeApi;

public class RuntimeApiClientTests
{
    [Fact]
    public async Task Next_ReadsEveryContextHeader()
    {
        var stub = new StubTransport().Then(() =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{\"a\":1}") };
            response.Headers.Add("Lambda-Runtime-Aws-Request-Id", "req-1");
            response.Headers.Add("Lambda-Runtime-Deadline-Ms", "1764000030000");
            response.Headers.Add("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:us-east-1:123456789012:function:f");
            response.Headers.Add("Lambda-Runtime-Trace-Id", "Root=1-abc");
            return response;
        });
        var client = new RuntimeApiClient(new HttpClient(stub), "127.0.0.1:9001", new FakeTimeProvider());

        var invocation = await client.NextInvocationAsync(CancellationToken.None);

        Assert.Equal("http://127.0.0.1:9001/2018-06-01/runtime/invocation/next", stub.Requests[0].Uri.ToString());
        Assert.Equal("req-1", invocation.Context.RequestId);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1764000030000), invocation.Context.Deadline);
        Assert.Equal("arn:aws:lambda:us-east-1:123456789012:function:f", invocation.Context.InvokedFunctionArn);
        Assert.Equal("Root=1-abc", invocation.Context.TraceId);
        Assert.Equal("{\"a\":1}", Encoding.UTF8.GetString(invocation.Payload));
    }

    [Fact]
    public async Task InvocationError_PostsTheSpecsErrorBodyAndHeader()
    {
        var stub = new StubTransport().Then(() => new HttpResponseMessage(HttpStatusCode.Accepted) { Content = new StringContent("{\"status\":\"OK\"}") });
        var client = new RuntimeApiClient(new HttpClient(stub), "127.0.0.1:9001", new FakeTimeProvider());

        await client.SendInvocationErrorAsync("req/1", new ErrorReport("it broke", "BrokenException", ["at A", "at B"]), CancellationToken.None);

        var request = stub.Requests[0];
        Assert.Equal("/2018-06-01/runtime/invocation/req%2F1/error", request.Uri.AbsolutePath);
        Assert.Equal("application/vnd.aws.lambda.error+json", MediaTypeHeaderValue.Parse(request.Headers["Content-Type"]).MediaType);
        Assert.Equal("BrokenException", request.Headers["Lambda-Runtime-Function-Error-Type"]);
        using var json = JsonDocument.Parse(request.Body);
        Assert.Equal("it broke", json.RootElement.GetProperty("errorMessage").GetString());
        Assert.Equal("BrokenException", json.RootElement.GetProperty("errorType").GetString());
        Assert.Equal(["at A", "at B"], json.RootElement.GetProperty("stackTrace").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task ServerError_IsFatal()
    {
        var stub = new StubTransport().Then(() => new HttpResponseMessage(HttpStatusCode.InternalServerError) { Content = new StringContent("{}") });
        var client = new RuntimeApiClient(new HttpClient(stub), "127.0.0.1:9001", new FakeTimeProvider());

        var exception = await Assert.ThrowsAsync<RuntimeApiException>(() => client.NextInvocationAsync(CancellationToken.None));

        Assert.True(exception.IsFatal);
    }

    [Fact]
    public void HttpClient_HasNoTimeout_BecauseTheProcessIsFrozenBetweenInvocations()
    {
        using var http = RuntimeApiClient.CreateHttpClient();

        Assert.Equal(Timeout.InfiniteTimeSpan, http.Timeout);
    }
}
