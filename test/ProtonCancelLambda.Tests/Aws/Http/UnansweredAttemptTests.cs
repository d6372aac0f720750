using System.Net;
using ProtonCancelLambda.Aws.Http;
using ProtonCancelLambda.Aws.Proton;
using ProtonCancelLambda.Tests.Aws.Proton;

namespace ProtonCancelLambda.Tests.Aws.Http;

/// <summary>The retry policy tells the caller when an earlier attempt of a call may have been carried out.</summary>
public sealed class UnansweredAttemptTests
{
    private static HttpResponseMessage Refused() =>
        StubTransport.Json(HttpStatusCode.BadRequest, """{"__type":"ValidationException","message":"deployment is in CANCELLING status"}""");

    [Fact]
    public async Task Cancel_RetriedAfterAnAttemptTimeout_SurfacesTheRefusal_MarkedAsPossiblyPrecededByItsOwnEffect()
    {
        var transport = new StubTransport()
            .Then(async (_, token) =>
            {
                await Task.Delay(Timeout.Infinite, token);
                throw new InvalidOperationException("unreachable");
            })
            .Then(Refused);
        var clock = TestClients.Clock();
        using var client = TestClients.Proton(transport, clock, new AwsClientOptions { Randomizer = () => 0.0, AttemptTimeout = TimeSpan.FromSeconds(2) });

        var error = await Assert.ThrowsAsync<ProtonException>(
            () => FakeClockDriver.RunAsync(clock, client.CancelEnvironmentDeploymentAsync("env", clock.GetUtcNow().AddMinutes(1), TestContext.Current.CancellationToken), TimeSpan.FromMilliseconds(50)));

        Assert.Equal(ProtonErrorCodes.Validation, error.ErrorCode);
        Assert.Equal(2, transport.Requests.Count);
        Assert.True(error.EarlierAttemptMayHaveTakenEffect);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, "ThrottlingException", false)]
    [InlineData(HttpStatusCode.InternalServerError, "InternalServerException", true)]
    public async Task Cancel_RetriedAfterAnAnsweredError_IsMarkedOnlyWhenTheServiceMayHaveActed(HttpStatusCode status, string code, bool marked)
    {
        var transport = new StubTransport()
            .Then(() => StubTransport.Json(status, $$"""{"__type":"{{code}}","message":"m"}"""))
            .Then(Refused);
        var clock = TestClients.Clock();
        using var client = TestClients.Proton(transport, clock);

        var error = await Assert.ThrowsAsync<ProtonException>(
            () => FakeClockDriver.RunAsync(clock, client.CancelEnvironmentDeploymentAsync("env", clock.GetUtcNow().AddMinutes(1), TestContext.Current.CancellationToken), TimeSpan.FromMilliseconds(50)));

        Assert.Equal(ProtonErrorCodes.Validation, error.ErrorCode);
        Assert.Equal(marked, error.EarlierAttemptMayHaveTakenEffect);
    }

    [Fact]
    public async Task Cancel_RefusedAtTheFirstAttempt_IsNotMarked()
    {
        var transport = new StubTransport().Then(Refused);
        var clock = TestClients.Clock();
        using var client = TestClients.Proton(transport, clock);

        var error = await Assert.ThrowsAsync<ProtonException>(() => client.CancelEnvironmentDeploymentAsync("env", clock.GetUtcNow().AddMinutes(1), TestContext.Current.CancellationToken));

        Assert.Equal(ProtonErrorCodes.Validation, error.ErrorCode);
        Assert.False(error.EarlierAttemptMayHaveTakenEffect);
    }
}
