using System.Net;
using ProtonCancelLambda.Aws.Http;
using ProtonCancelLambda.Aws.Sns;

namespace ProtonCancelLambda.Tests.Aws.Sns;

public sealed class SnsClientTests
{
    private const string TopicArn = "arn:aws:sns:us-east-1:123456789012:outcomes.fifo";

    private const string PublishResponse = """
        <PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">
          <PublishResult><MessageId>94f20ce6-13c5-43a0-9a9e-ca52d816e90b</MessageId><SequenceNumber>1</SequenceNumber></PublishResult>
          <ResponseMetadata><RequestId>f187a3c1</RequestId></ResponseMetadata>
        </PublishResponse>
        """;

    private static HttpResponseMessage Xml(HttpStatusCode status, string body) => StubTransport.Response(status, body, "text/xml");

    private static HttpResponseMessage ErrorXml(HttpStatusCode status, string type, string code, string message) => Xml(status, $"""
        <ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">
          <Error><Type>{type}</Type><Code>{code}</Code><Message>{message}</Message></Error>
          <RequestId>r-1</RequestId>
        </ErrorResponse>
        """);

    [Fact]
    public async Task Publish_SendsQueryFormWithAttributesAndFifoIds_AndReturnsTheMessageId()
    {
        var transport = new StubTransport().Then(() => Xml(HttpStatusCode.OK, PublishResponse));
        var clock = TestClients.Clock();
        using var client = TestClients.Sns(transport, clock);
        var request = new SnsPublishRequest(
            TopicArn,
            """{"outcome":"CANCELLED","note":"a b&c=d"}""",
            [KeyValuePair.Create("outcome", "CANCELLED"), KeyValuePair.Create("environmentName", "prod-network")],
            MessageGroupId: "prod-network",
            MessageDeduplicationId: "rb-2291");

        var messageId = await client.PublishAsync(request, clock.GetUtcNow().AddMinutes(1), TestContext.Current.CancellationToken);

        Assert.Equal("94f20ce6-13c5-43a0-9a9e-ca52d816e90b", messageId);
        var sent = Assert.Single(transport.Requests);
        Assert.Equal("application/x-www-form-urlencoded; charset=utf-8", sent.Headers["Content-Type"]);
        Assert.Equal(
            "Action=Publish&Version=2010-03-31&TopicArn=arn%3Aaws%3Asns%3Aus-east-1%3A123456789012%3Aoutcomes.fifo"
            + "&Message=%7B%22outcome%22%3A%22CANCELLED%22%2C%22note%22%3A%22a%20b%26c%3Dd%22%7D"
            + "&MessageAttributes.entry.1.Name=outcome&MessageAttributes.entry.1.Value.DataType=String&MessageAttributes.entry.1.Value.StringValue=CANCELLED"
            + "&MessageAttributes.entry.2.Name=environmentName&MessageAttributes.entry.2.Value.DataType=String&MessageAttributes.entry.2.Value.StringValue=prod-network"
            + "&MessageDeduplicationId=rb-2291&MessageGroupId=prod-network",
            sent.Body);
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261124/us-east-1/sns/aws4_request, ", sent.Headers["Authorization"]);
    }

    [Fact]
    public async Task ErrorResponse_IsSnsExceptionWithTypeCodeAndMessage_NotRetried()
    {
        var transport = new StubTransport().Then(() => ErrorXml(HttpStatusCode.NotFound, "Sender", "NotFound", "Topic does not exist"));
        var clock = TestClients.Clock();
        using var client = TestClients.Sns(transport, clock);

        var error = await Assert.ThrowsAsync<SnsException>(() => client.PublishAsync(new SnsPublishRequest(TopicArn, "m", []), clock.GetUtcNow().AddMinutes(1), TestContext.Current.CancellationToken));

        Assert.Equal(("NotFound", "Sender", "Topic does not exist", 404, false), (error.ErrorCode, error.ErrorType, error.Message, error.StatusCode, error.IsRetryable));
        Assert.Single(transport.Requests);
    }

    [Fact]
    public async Task Throttled_IsRetried()
    {
        var transport = new StubTransport()
            .Then(() => ErrorXml(HttpStatusCode.TooManyRequests, "Sender", "Throttled", "Rate exceeded"))
            .Then(() => ErrorXml(HttpStatusCode.ServiceUnavailable, "Receiver", "ServiceUnavailable", "try later"))
            .Then(() => Xml(HttpStatusCode.OK, PublishResponse));
        var clock = TestClients.Clock();
        var retries = new List<AwsRetryEvent>();
        using var client = TestClients.Sns(transport, clock, TestClients.Options(retries));

        await FakeClockDriver.RunAsync(clock, client.PublishAsync(new SnsPublishRequest(TopicArn, "m", []), clock.GetUtcNow().AddMinutes(1), TestContext.Current.CancellationToken));

        Assert.Equal([("SNS", "Publish", "Throttled", (int?)429), ("SNS", "Publish", "ServiceUnavailable", 503)], retries.Select(r => (r.Service, r.Operation, r.ErrorCode, r.StatusCode)));
    }

    [Fact]
    public async Task KmsThrottling_IsRetried()
    {
        // The SNS model's KMSThrottlingException: HTTP 400, a Sender fault, and still throttling.
        var transport = new StubTransport()
            .Then(() => ErrorXml(HttpStatusCode.BadRequest, "Sender", "KMSThrottling", "Rate exceeded for the topic's KMS key"))
            .Then(() => Xml(HttpStatusCode.OK, PublishResponse));
        var clock = TestClients.Clock();
        var retries = new List<AwsRetryEvent>();
        using var client = TestClients.Sns(transport, clock, TestClients.Options(retries));

        await FakeClockDriver.RunAsync(clock, client.PublishAsync(new SnsPublishRequest(TopicArn, "m", []), clock.GetUtcNow().AddMinutes(1), TestContext.Current.CancellationToken));

        Assert.Equal([("KMSThrottling", (int?)400)], retries.Select(r => (r.ErrorCode, r.StatusCode)));
    }

    [Fact]
    public async Task SuccessWithoutMessageId_IsInvalidResponse()
    {
        var transport = new StubTransport().Then(() => Xml(HttpStatusCode.OK, "<PublishResponse/>"));
        var clock = TestClients.Clock();
        using var client = TestClients.Sns(transport, clock);

        var error = await Assert.ThrowsAsync<SnsException>(() => client.PublishAsync(new SnsPublishRequest(TopicArn, "m", []), clock.GetUtcNow().AddMinutes(1), TestContext.Current.CancellationToken));

        Assert.Equal(AwsErrorCodes.InvalidResponse, error.ErrorCode);
    }
}
