using ProtonCancelLambda.Requests;

namespace ProtonCancelLambda.Tests.Requests;

public class RequestParserTests
{
    [Fact]
    public void ParseBody_WithEveryField_KeepsThem()
    {
        var result = RequestParser.ParseBody(
            """{"environmentName":"prod-network","requestId":"rb-2291","expectedDeploymentId":"d-abc123","reason":"canary alarm","correlationId":"pipeline-run-77","extra":{"ignored":true}}""",
            "message-1");

        var request = Assert.IsType<AcceptedRequest>(result).Request;
        Assert.Equal("prod-network", request.EnvironmentName);
        Assert.Equal("rb-2291", request.RequestId);
        Assert.Equal("d-abc123", request.ExpectedDeploymentId);
        Assert.Equal("canary alarm", request.Reason);
        Assert.Equal("pipeline-run-77", request.CorrelationId);
        Assert.Null(Assert.IsType<AcceptedRequest>(result).Watch);
    }

    [Fact]
    public void ParseBody_WithoutRequestId_DefaultsToTheDeliveryId()
    {
        var request = Assert.IsType<AcceptedRequest>(RequestParser.ParseBody("""{"environmentName":"a"}""", "message-1")).Request;

        Assert.Equal("message-1", request.RequestId);
    }

    [Fact]
    public void ParseBody_WithNullOptionalFields_TreatsThemAsAbsent()
    {
        var request = Assert.IsType<AcceptedRequest>(RequestParser.ParseBody(
            """{"environmentName":"a","requestId":null,"reason":null,"expectedDeploymentId":null}""", "m")).Request;

        Assert.Equal("m", request.RequestId);
        Assert.Null(request.Reason);
        Assert.Null(request.ExpectedDeploymentId);
    }

    [Fact]
    public void ParseBody_WithWatch_ReadsTheContinuationState()
    {
        var request = Assert.IsType<AcceptedRequest>(RequestParser.ParseBody(
            """{"environmentName":"a","requestId":"r","watch":{"since":"2026-11-24T10:00:00Z","pollCount":14,"deploymentId":"d-0001"}}""", "m"));

        Assert.Equal(new WatchState(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero), 14, "d-0001"), request.Watch);
    }

    [Fact]
    public void ParseBody_WithWatchToken_ReadsTheOwnerToken()
    {
        var request = Assert.IsType<AcceptedRequest>(RequestParser.ParseBody(
            """{"environmentName":"a","requestId":"r","watch":{"since":"2026-11-24T10:00:00Z","pollCount":2,"token":"0f3c"}}""", "m"));

        Assert.Equal("0f3c", request.Watch!.Token);
    }

    [Theory]
    [InlineData(null, "body is empty")]
    [InlineData("", "body is empty")]
    [InlineData("   ", "body is empty")]
    [InlineData("hello", "not valid JSON")]
    [InlineData("{\"environmentName\":", "not valid JSON")]
    [InlineData("[1,2]", "must be a JSON object, not an array")]
    [InlineData("\"prod\"", "must be a JSON object, not a string")]
    [InlineData("42", "must be a JSON object, not a number")]
    [InlineData("null", "must be a JSON object, not null")]
    [InlineData("{}", "environmentName is required")]
    [InlineData("{\"environmentName\":null}", "environmentName is required")]
    [InlineData("{\"environmentName\":\"\"}", "environmentName must be 1 to 100 characters; it has 0")]
    [InlineData("{\"environmentName\":42}", "environmentName must be a string, not a number")]
    [InlineData("{\"environmentName\":[\"a\"]}", "environmentName must be a string, not an array")]
    [InlineData("{\"environmentName\":\"bad name\"}", "does not match")]
    [InlineData("{\"environmentName\":\"-leading\"}", "does not match")]
    [InlineData("{\"environmentName\":\"_leading\"}", "does not match")]
    [InlineData("{\"environmentName\":\"d\\u00e9j\\u00e0\"}", "does not match")]
    [InlineData("{\"environmentName\":\"tab\\there\"}", "does not match")]
    [InlineData("{\"environmentName\":\"a\",\"requestId\":5}", "requestId must be a string, not a number")]
    [InlineData("{\"environmentName\":\"a\",\"requestId\":\"\"}", "requestId must be 1 to 256 characters")]
    [InlineData("{\"environmentName\":\"a\",\"requestId\":\"x\\ny\"}", "requestId must not contain control characters")]
    [InlineData("{\"environmentName\":\"a\",\"expectedDeploymentId\":true}", "expectedDeploymentId must be a string, not a boolean")]
    [InlineData("{\"environmentName\":\"a\",\"reason\":{}}", "reason must be a string, not an object")]
    [InlineData("{\"environmentName\":\"a\",\"watch\":\"soon\"}", "watch must be an object, not a string")]
    [InlineData("{\"environmentName\":\"a\",\"watch\":{\"since\":\"2026-11-24T10:00:00Z\",\"token\":7}}", "watch.token must be a string of 1 to 256 characters")]
    [InlineData("{\"environmentName\":\"a\",\"watch\":{\"since\":\"yesterday\"}}", "watch.since must be an ISO 8601 date and time with a UTC offset")]
    [InlineData("{\"environmentName\":\"a\",\"watch\":{\"since\":\"2026-11-24T10:00:00Z\",\"pollCount\":-1}}", "watch.pollCount must be a whole number")]
    [InlineData("{\"environmentName\":\"a\",\"environmentName\":\"b\"}", "environmentName appears more than once")]
    [InlineData("{\"environmentName\":\"prod-network\\n\"}", "does not match")]
    [InlineData("{\"environmentName\":\"prod\\ud800\"}", "not valid Unicode")]
    [InlineData("{\"environmentName\":\"a\",\"reason\":\"\\udc00 low alone\"}", "not valid Unicode")]
    public void ParseBody_WithBadInput_RejectsNamingTheProblem(string? body, string expectedProblem)
    {
        var rejected = Assert.IsType<RejectedRequest>(RequestParser.ParseBody(body, "message-1"));

        Assert.Contains(expectedProblem, rejected.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseBody_WithNameOf101Characters_Rejects()
    {
        var rejected = Assert.IsType<RejectedRequest>(RequestParser.ParseBody($$"""{"environmentName":"{{new string('a', 101)}}"}""", "m"));

        Assert.Contains("1 to 100 characters; it has 101", rejected.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseBody_WithNameOf100Characters_Accepts()
    {
        Assert.IsType<AcceptedRequest>(RequestParser.ParseBody($$"""{"environmentName":"{{new string('a', 100)}}"}""", "m"));
    }

    [Fact]
    public void ParseBody_WithReasonOver1024Characters_Rejects()
    {
        var rejected = Assert.IsType<RejectedRequest>(RequestParser.ParseBody($$"""{"environmentName":"a","reason":"{{new string('r', 1025)}}"}""", "m"));

        Assert.Contains("reason must be 1 to 1024 characters; it has 1025", rejected.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseBody_TooLarge_RejectsWithTheSize()
    {
        var body = $$"""{"environmentName":"a","padding":"{{new string('x', RequestLimits.MaxBodyBytes)}}"}""";

        var rejected = Assert.IsType<RejectedRequest>(RequestParser.ParseBody(body, "m"));

        Assert.Contains("at most 65536 are accepted", rejected.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseBody_DeeplyNested_RejectsWithoutThrowing()
    {
        var body = "{\"environmentName\":\"a\",\"junk\":" + new string('[', 200) + new string(']', 200) + "}";

        var rejected = Assert.IsType<RejectedRequest>(RequestParser.ParseBody(body, "m"));

        Assert.Contains("not valid JSON", rejected.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseBody_WithSeveralProblems_NamesEachAndKeepsReadableFields()
    {
        var rejected = Assert.IsType<RejectedRequest>(RequestParser.ParseBody(
            """{"environmentName":"bad name","requestId":"r-1","reason":7,"correlationId":"c-1"}""", "m"));

        Assert.Equal("r-1", rejected.RequestId);
        Assert.Equal("c-1", rejected.CorrelationId);
        Assert.Contains("does not match", rejected.Problem, StringComparison.Ordinal);
        Assert.Contains("reason must be a string", rejected.Problem, StringComparison.Ordinal);
    }
}
