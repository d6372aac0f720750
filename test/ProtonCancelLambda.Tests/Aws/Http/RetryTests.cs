using System.Net;
using ProtonCancelLambda.Aws.Http;
using ProtonCancelLambda.Aws.Proton;
using ProtonCancelLambda.Tests.Aws.Proton;

namespace ProtonCancelLambda.Tests.Aws.Http;

public sealed class RetryTests
{
    private static HttpResponseMessage Ok() => StubTransport.Json(HttpStatusCode.OK, ProtonClientTests.FullEnvironment);

    private static HttpResponseMessage Error(HttpStatusCode status, string code, string message = "m", params (string, string)[] headers) =>
        StubTransport.Json(status, $$"""{"__type":"{{code}}","message":"{{message}}"}""", headers);

    [Fact]
    public async Task TransientFaults_AreRetriedWithExponentialBackoff_EachAttemptSignedAfresh_AndCounted()
    {
        var transport = new StubTransport()
            .Then(() => Error(HttpStatusCode.BadRequest, "ThrottlingException"))
            .Then(() => Error(HttpStatusCode.InternalServerError, "InternalServerException"))
            .Then(Ok);
        var clock = TestClients.Clock();
        var retries = new List<AwsRetryEvent>();
        var options = new AwsClientOptions { BaseDelay = TimeSpan.FromSeconds(2), Randomizer = () => 0.0, OnRetry = retries.Add };
        using var client = TestClients.Proton(transport, clock, options);

        var environment = await FakeClockDriver.RunAsync(clock, client.GetEnvironmentAsync("env", clock.GetUtcNow().AddMinutes(1), TestContext.Current.CancellationToken), TimeSpan.FromMilliseconds(50));

        Assert.Equal("prod-network", environment.Name);
        Assert.Equal(3, transport.Requests.Count);
        Assert.Equal(["ThrottlingException", "InternalServerException"], retries.Select(r => r.ErrorCode));
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)], retries.Select(r => r.Delay));
        Assert.All(retries, r => Assert.Equal(("Proton", "GetEnvironment"), (r.Service, r.Operation)));
        Assert.Equal(["20261124T100000Z", "20261124T100001Z", "20261124T100003Z"], transport.Requests.Select(r => r.Headers["X-Amz-Date"]));
        Assert.Equal(3, transport.Requests.Select(r => r.Headers["Authorization"]).Distinct().Count());
    }

    [Fact]
    public async Task NonRetryableError_IsNotRetried()
    {
        var transport = new StubTransport().Then(() => Error(HttpStatusCode.Forbidden, "AccessDeniedException"));
        var clock = TestClients.Clock();
        var retries = new List<AwsRetryEvent>();
        using var client = TestClients.Proton(transport, clock, TestClients.Options(retries));

        var error = await Assert.ThrowsAsync<ProtonException>(() => client.GetEnvironmentAsync("env", clock.GetUtcNow().AddMinutes(1), TestContext.Current.CancellationToken));

        Assert.Equal("AccessDeniedException", error.ErrorCode);
        Assert.Single(transport.Requests);
        Assert.Empty(retries);
    }

    [Fact]
    public async Task Retries_StopBeforeABackoffWouldEndPastTheDeadline_AndTheLastErrorSurfaces()
    {
        var calls = 0;
        var transport = new StubTransport().Then(() => Error(HttpStatusCode.InternalServerError, "InternalServerException", $"still down {++calls}"));
        var clock = TestClients.Clock();
        var deadline = clock.GetUtcNow().AddSeconds(1);
        using var client = TestClients.Proton(transport, clock, TestClients.Options(maxAttempts: 20));

        var error = await Assert.ThrowsAsync<ProtonException>(
            () => FakeClockDriver.RunAsync(clock, client.GetEnvironmentAsync("env", deadline, TestContext.Current.CancellationToken), TimeSpan.FromMilliseconds(10)));

        // Backoff with no jitter: 100, 200, 400 ms; the next (800 ms, at 0.7 s) would end past the deadline.
        Assert.Equal(4, transport.Requests.Count);
        Assert.Equal((ProtonErrorCodes.InternalServer, "still down 4"), (error.ErrorCode, error.Message));
        Assert.True(clock.GetUtcNow() < deadline);
    }

    [Fact]
    public async Task DeadlineAlreadyPassed_NothingIsSent()
    {
        var transport = new StubTransport().Then(Ok);
        var clock = TestClients.Clock();
        using var client = TestClients.Proton(transport, clock);

        var error = await Assert.ThrowsAsync<ProtonException>(() => client.GetEnvironmentAsync("env", clock.GetUtcNow(), TestContext.Current.CancellationToken));

        Assert.Equal(AwsErrorCodes.RequestTimeout, error.ErrorCode);
        Assert.Empty(transport.Requests);
    }

    [Fact]
    public async Task NetworkError_IsRetryable()
    {
        var transport = new StubTransport()
            .Then((_, _) => Task.FromException<HttpResponseMessage>(new HttpRequestException("Connection refused")))
            .Then(Ok);
        var clock = TestClients.Clock();
        var retries = new List<AwsRetryEvent>();
        using var client = TestClients.Proton(transport, clock, TestClients.Options(retries));

        await FakeClockDriver.RunAsync(clock, client.GetEnvironmentAsync("env", clock.GetUtcNow().AddMinutes(1), TestContext.Current.CancellationToken));

        Assert.Equal(AwsErrorCodes.NetworkError, Assert.Single(retries).ErrorCode);
    }

    [Fact]
    public async Task HungAttempt_TimesOutAfterTheAttemptTimeout_AndIsRetried()
    {
        var transport = new StubTransport()
            .Then(async (_, ct) =>
            {
                await Task.Delay(Timeout.Infinite, ct);
                throw new InvalidOperationException("unreachable");
            })
            .Then(Ok);
        var clock = TestClients.Clock();
        var retries = new List<AwsRetryEvent>();
        var options = new AwsClientOptions { AttemptTimeout = TimeSpan.FromSeconds(3), Randomizer = () => 0.0, OnRetry = retries.Add };
        using var client = TestClients.Proton(transport, clock, options);

        await FakeClockDriver.RunAsync(clock, client.GetEnvironmentAsync("env", clock.GetUtcNow().AddMinutes(1), TestContext.Current.CancellationToken), TimeSpan.FromMilliseconds(50));

        Assert.Equal(AwsErrorCodes.RequestTimeout, Assert.Single(retries).ErrorCode);
        Assert.Equal(2, transport.Requests.Count);
    }

    [Fact]
    public async Task CallerCancellation_IsNotRetriedOrWrapped()
    {
        var transport = new StubTransport().Then(async (_, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            throw new InvalidOperationException("unreachable");
        });
        var clock = TestClients.Clock();
        using var cancellation = new CancellationTokenSource();
        using var client = TestClients.Proton(transport, clock);

        var call = client.GetEnvironmentAsync("env", clock.GetUtcNow().AddMinutes(1), cancellation.Token);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Single(transport.Requests);
    }

    [Fact]
    public async Task Retries_StopAtMaxAttempts_AndTheLastErrorSurfaces()
    {
        var calls = 0;
        var transport = new StubTransport().Then(() => Error(HttpStatusCode.ServiceUnavailable, "ServiceUnavailableException", $"down {++calls}"));
        var clock = TestClients.Clock();
        var retries = new List<AwsRetryEvent>();
        using var client = TestClients.Proton(transport, clock, TestClients.Options(retries, maxAttempts: 3));

        var error = await Assert.ThrowsAsync<ProtonException>(
            () => FakeClockDriver.RunAsync(clock, client.GetEnvironmentAsync("env", clock.GetUtcNow().AddMinutes(10), TestContext.Current.CancellationToken)));

        Assert.Equal(3, transport.Requests.Count);
        Assert.Equal([1, 2], retries.Select(r => r.RetryNumber));
        Assert.Equal("down 3", error.Message);
    }

    [Fact]
    public async Task CallerCancellationDuringABackoff_EndsTheCall_WithoutAnotherAttempt()
    {
        var transport = new StubTransport().Then(() => Error(HttpStatusCode.InternalServerError, "InternalServerException"));
        var clock = TestClients.Clock();
        using var cancellation = new CancellationTokenSource();
        var retries = new List<AwsRetryEvent>();
        using var client = TestClients.Proton(transport, clock, TestClients.Options(retries));

        var call = client.GetEnvironmentAsync("env", clock.GetUtcNow().AddMinutes(1), cancellation.Token);
        Assert.Single(retries);
        await cancellation.CancelAsync();

        // Fake time stands still: only the cancellation can end the backoff (a TimeoutException fails the test).
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
        Assert.Single(transport.Requests);
    }

    [Fact]
    public async Task ClockSkewError_IsCorrectedFromTheDateHeaderForThisClientOnly_AndRetriedAtOnce()
    {
        var serverTime = TestClients.Start.AddMinutes(15);
        var transport = new StubTransport()
            .Then(() => Error(
                HttpStatusCode.Forbidden,
                "InvalidSignatureException",
                "Signature expired: 20261124T100000Z is now earlier than 20261124T101000Z (20261124T101500Z - 5 min.)",
                ("Date", serverTime.ToString("r"))))
            .Then(Ok);
        var clock = TestClients.Clock();
        var retries = new List<AwsRetryEvent>();
        using var client = TestClients.Proton(transport, clock, TestClients.Options(retries));
        var otherTransport = new StubTransport().Then(Ok);
        using var other = TestClients.Proton(otherTransport, clock);

        await FakeClockDriver.RunAsync(clock, client.GetEnvironmentAsync("env", clock.GetUtcNow().AddMinutes(1), TestContext.Current.CancellationToken));
        await other.GetEnvironmentAsync("env", clock.GetUtcNow().AddMinutes(1), TestContext.Current.CancellationToken);

        Assert.Equal(TimeSpan.Zero, Assert.Single(retries).Delay);
        Assert.Equal(["20261124T100000Z", "20261124T101500Z"], transport.Requests.Select(r => r.Headers["X-Amz-Date"]));
        Assert.Equal("20261124T100000Z", Assert.Single(otherTransport.Requests).Headers["X-Amz-Date"]);
    }

    [Fact]
    public async Task SignatureMismatchWithoutSkewWording_IsNotRetried()
    {
        var transport = new StubTransport().Then(() => Error(
            HttpStatusCode.Forbidden,
            "InvalidSignatureException",
            "The request signature we calculated does not match the signature you provided.",
            ("Date", TestClients.Start.ToString("r"))));
        var clock = TestClients.Clock();
        using var client = TestClients.Proton(transport, clock);

        var error = await Assert.ThrowsAsync<ProtonException>(() => client.GetEnvironmentAsync("env", clock.GetUtcNow().AddMinutes(1), TestContext.Current.CancellationToken));

        Assert.False(error.IsRetryable);
        Assert.Single(transport.Requests);
    }
}
