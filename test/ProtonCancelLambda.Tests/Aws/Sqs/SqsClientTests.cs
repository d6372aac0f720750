using System.Net;
using System.Text.Json;
using ProtonCancelLambda.Aws.Http;
using ProtonCancelLambda.Aws.Sqs;

namespace ProtonCancelLambda.Tests.Aws.Sqs;

public sealed class SqsClientTests
{
    private const string QueueUrl = "https://sqs.us-east-1.amazonaws.com/123456789012/proton-cancel-requests";
    private const string SendResponse = """{"MD5OfMessageBody":"51b0a325","MessageId":"5fea7756-0ea4-451a-a703-a558b933e274"}""";

    [Fact]
    public async Task SendMessage_IsAwsJson10WithDelayAndTrace_AndReturnsTheMessageId()
    {
        var transport = new StubTransport().Then(() => StubTransport.Json(HttpStatusCode.OK, SendResponse));
        var clock = TestClients.Clock();
        const string trace = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";
        using var client = TestClients.Sqs(transport, clock, new AwsClientOptions { Randomizer = () => 0.0, TraceHeader = () => trace });

        var messageId = await client.SendMessageAsync(new SqsSendMessageRequest(QueueUrl, """{"a":"b c"}""", DelaySeconds: 30), clock.GetUtcNow().AddMinutes(1), TestContext.Current.CancellationToken);

        Assert.Equal("5fea7756-0ea4-451a-a703-a558b933e274", messageId);
        var sent = Assert.Single(transport.Requests);
        Assert.Equal(("AmazonSQS.SendMessage", "application/x-amz-json-1.0", trace), (sent.Headers["X-Amz-Target"], sent.Headers["Content-Type"], sent.Headers["X-Amzn-Trace-Id"]));
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261124/us-east-1/sqs/aws4_request, ", sent.Headers["Authorization"]);

        // As in the AWS SDKs, the trace header is left out of the signature: services and proxies may extend it.
        Assert.Contains("SignedHeaders=content-length;content-type;host;x-amz-content-sha256;x-amz-date;x-amz-target,", sent.Headers["Authorization"], StringComparison.Ordinal);
        var body = JsonDocument.Parse(sent.Body).RootElement;
        Assert.Equal((QueueUrl, """{"a":"b c"}""", 30), (body.GetProperty("QueueUrl").GetString(), body.GetProperty("MessageBody").GetString(), body.GetProperty("DelaySeconds").GetInt32()));
        Assert.Equal(("String", trace), (body.GetProperty("MessageSystemAttributes").GetProperty("AWSTraceHeader").GetProperty("DataType").GetString(), body.GetProperty("MessageSystemAttributes").GetProperty("AWSTraceHeader").GetProperty("StringValue").GetString()));
        Assert.False(body.TryGetProperty("MessageGroupId", out _));
    }

    [Fact]
    public async Task SendMessage_WithoutTrace_SendsNoTraceHeaderOrAttribute()
    {
        var transport = new StubTransport().Then(() => StubTransport.Json(HttpStatusCode.OK, SendResponse));
        var clock = TestClients.Clock();
        using var client = TestClients.Sqs(transport, clock);

        await client.SendMessageAsync(new SqsSendMessageRequest(QueueUrl + ".fifo", "m", MessageGroupId: "g", MessageDeduplicationId: "d"), clock.GetUtcNow().AddMinutes(1), TestContext.Current.CancellationToken);

        var sent = Assert.Single(transport.Requests);
        Assert.False(sent.Headers.ContainsKey("X-Amzn-Trace-Id"));
        var body = JsonDocument.Parse(sent.Body).RootElement;
        Assert.False(body.TryGetProperty("MessageSystemAttributes", out _));
        Assert.Equal(("g", "d"), (body.GetProperty("MessageGroupId").GetString(), body.GetProperty("MessageDeduplicationId").GetString()));
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, "com.amazonaws.sqs#RequestThrottled")]
    [InlineData(HttpStatusCode.BadRequest, "com.amazonaws.sqs#KmsThrottled")]
    [InlineData(HttpStatusCode.InternalServerError, "com.amazonaws.sqs#InternalError")]
    public async Task ThrottlingAndServerErrors_AreRetriedAndCounted(HttpStatusCode status, string type)
    {
        var transport = new StubTransport()
            .Then(() => StubTransport.Json(status, $$"""{"__type":"{{type}}","message":"slow down"}"""))
            .Then(() => StubTransport.Json(HttpStatusCode.OK, SendResponse));
        var clock = TestClients.Clock();
        var retries = new List<AwsRetryEvent>();
        using var client = TestClients.Sqs(transport, clock, TestClients.Options(retries));

        await FakeClockDriver.RunAsync(clock, client.SendMessageAsync(new SqsSendMessageRequest(QueueUrl, "m"), clock.GetUtcNow().AddMinutes(1), TestContext.Current.CancellationToken));

        Assert.Equal([("SQS", "SendMessage", type[(type.IndexOf('#') + 1)..], (int?)status)], retries.Select(r => (r.Service, r.Operation, r.ErrorCode, r.StatusCode)));
    }

    [Fact]
    public async Task QueueDoesNotExist_IsNotRetried()
    {
        var transport = new StubTransport().Then(() => StubTransport.Json(
            HttpStatusCode.BadRequest,
            """{"__type":"com.amazonaws.sqs#QueueDoesNotExist","message":"The specified queue does not exist."}""",
            ("x-amzn-query-error", "AWS.SimpleQueueService.NonExistentQueue;Sender")));
        var clock = TestClients.Clock();
        using var client = TestClients.Sqs(transport, clock);

        var error = await Assert.ThrowsAsync<SqsException>(() => client.SendMessageAsync(new SqsSendMessageRequest(QueueUrl, "m"), clock.GetUtcNow().AddMinutes(1), TestContext.Current.CancellationToken));

        Assert.Equal(("QueueDoesNotExist", "The specified queue does not exist.", 400, false), (error.ErrorCode, error.Message, error.StatusCode, error.IsRetryable));
        Assert.Single(transport.Requests);
    }

    [Fact]
    public async Task AHungAttempt_EndsAtTheInjectedClocksDeadline()
    {
        // The old AWSSDK.SQS path timed out on the real clock; this one follows the injected one, like Proton and SNS.
        var transport = new StubTransport().Then(async (_, token) =>
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, token);
            return StubTransport.Json(HttpStatusCode.OK, SendResponse);
        });
        var clock = TestClients.Clock();
        using var client = TestClients.Sqs(transport, clock, TestClients.Options(maxAttempts: 1));
        var deadline = clock.GetUtcNow().AddSeconds(3);

        var error = await Assert.ThrowsAsync<SqsException>(() => FakeClockDriver.RunAsync(clock, client.SendMessageAsync(new SqsSendMessageRequest(QueueUrl, "m"), deadline, TestContext.Current.CancellationToken)));

        Assert.Equal((AwsErrorCodes.RequestTimeout, true), (error.ErrorCode, error.IsRetryable));
        Assert.InRange(clock.GetUtcNow(), deadline, deadline.AddMilliseconds(100));
    }
}
