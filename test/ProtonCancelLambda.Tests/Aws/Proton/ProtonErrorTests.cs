using System.Net;
using ProtonCancelLambda.Aws.Http;
using ProtonCancelLambda.Aws.Proton;

namespace ProtonCancelLambda.Tests.Aws.Proton;

public sealed class ProtonErrorTests
{
    // The six error shapes of the Proton model, with the status the model gives each.
    private static readonly (string Code, int Status, bool Retryable)[] Shapes =
    [
        ("ValidationException", 400, false),
        ("AccessDeniedException", 403, false),
        ("ThrottlingException", 400, true),
        ("ConflictException", 409, false),
        ("ResourceNotFoundException", 404, false),
        ("InternalServerException", 500, true),
    ];

    public static TheoryData<string, int, bool, string> ShapesInEveryForm()
    {
        var data = new TheoryData<string, int, bool, string>();
        foreach (var (code, status, retryable) in Shapes)
        {
            foreach (var form in new[] { "plain", "namespaced", "upper-message", "header" })
            {
                data.Add(code, status, retryable, form);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ShapesInEveryForm))]
    public async Task ErrorShape_IsProtonExceptionWithCodeMessageAndRetryability(string code, int status, bool retryable, string form)
    {
        var response = form switch
        {
            "plain" => StubTransport.Json((HttpStatusCode)status, $$"""{"__type":"{{code}}","message":"it went wrong"}"""),
            "namespaced" => StubTransport.Json((HttpStatusCode)status, $$"""{"__type":"com.amazonaws.proton#{{code}}:http://internal.amazon.com/coral/com.amazonaws.proton/","message":"it went wrong"}"""),
            "upper-message" => StubTransport.Json((HttpStatusCode)status, $$"""{"__type":"{{code}}","Message":"it went wrong"}"""),
            _ => StubTransport.Json((HttpStatusCode)status, """{"message":"it went wrong"}""", ("x-amzn-ErrorType", $"{code}:http://internal.amazon.com/coral/com.amazonaws.proton/")),
        };
        var transport = new StubTransport().Then(() => response);
        var clock = TestClients.Clock();
        using var client = TestClients.Proton(transport, clock, TestClients.Options(maxAttempts: 1));

        var error = await Assert.ThrowsAsync<ProtonException>(() => client.CancelEnvironmentDeploymentAsync("env", clock.GetUtcNow().AddMinutes(1), TestContext.Current.CancellationToken));

        Assert.Equal(code, error.ErrorCode);
        Assert.Equal("it went wrong", error.Message);
        Assert.Equal(status, error.StatusCode);
        Assert.Equal(retryable, error.IsRetryable);
    }

    [Fact]
    public async Task UnknownErrorCode_IsPlainProtonExceptionAndNotRetryable()
    {
        var transport = new StubTransport().Then(() => StubTransport.Json(HttpStatusCode.BadRequest, """{"__type":"com.amazonaws.proton#ServiceQuotaExceededException","message":"quota"}"""));
        var clock = TestClients.Clock();
        using var client = TestClients.Proton(transport, clock);

        var error = await Assert.ThrowsAsync<ProtonException>(() => client.GetEnvironmentAsync("env", clock.GetUtcNow().AddMinutes(1), TestContext.Current.CancellationToken));

        Assert.Equal("ServiceQuotaExceededException", error.ErrorCode);
        Assert.False(error.IsRetryable);
        Assert.Single(transport.Requests);
    }

    [Fact]
    public async Task BadGatewayWithHtmlBody_IsRetryableWithStatusCode()
    {
        var transport = new StubTransport().Then(() => StubTransport.Response(HttpStatusCode.BadGateway, "<html>bad gateway</html>", "text/html"));
        var clock = TestClients.Clock();
        using var client = TestClients.Proton(transport, clock, TestClients.Options(maxAttempts: 1));

        var error = await Assert.ThrowsAsync<ProtonException>(() => client.GetEnvironmentAsync("env", clock.GetUtcNow().AddMinutes(1), TestContext.Current.CancellationToken));

        Assert.Equal("Http502", error.ErrorCode);
        Assert.Equal(502, error.StatusCode);
        Assert.True(error.IsRetryable);
    }

    [Theory]
    [InlineData("ConflictException", "ConflictException")]
    [InlineData("com.amazonaws.proton#ConflictException", "ConflictException")]
    [InlineData("ConflictException:http://internal.amazon.com/", "ConflictException")]
    [InlineData("aws.protocoltests#ConflictException:http://x:y", "ConflictException")]
    [InlineData("", null)]
    public void ErrorCodeOf_TakesTheTextAfterHashBeforeColon(string raw, string? expected) =>
        Assert.Equal(expected, AwsJsonErrors.CodeOf(raw));
}
