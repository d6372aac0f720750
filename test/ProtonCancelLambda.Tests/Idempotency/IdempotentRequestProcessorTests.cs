using Microsoft.Extensions.Time.Testing;
using ProtonCancelLambda.Handling;
using ProtonCancelLambda.Idempotency;
using ProtonCancelLambda.Logging;
using ProtonCancelLambda.Requests;
using ProtonCancelLambda.RuntimeApi;
using ProtonCancelLambda.Tests.Handling;

namespace ProtonCancelLambda.Tests.Idempotency;

public sealed class IdempotentRequestProcessorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    private readonly RecordingIdempotencyStore _store = new();
    private readonly RecordingProcessor _inner = new();
    private readonly StringWriter _log = new();

    [Fact]
    public async Task Process_WhenTheRequestAlreadyHasItsOutcome_CompletesWithoutWorkingOnIt()
    {
        _store.ClaimAnswer = new AlreadyCompleted("CANCELLED");

        var result = await ProcessAsync(Sqs("""{"environmentName":"prod","requestId":"rb-1"}""", "m-2"));

        Assert.Equal(ProcessingResult.Completed, result);
        Assert.Empty(_inner.Seen);
        Assert.Contains("rb-1 already has its outcome (CANCELLED); delivery m-2 is a duplicate", _log.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("m-2", false, ProcessingResult.Completed)] // Another delivery holds it: this one is a duplicate and is done.
    [InlineData("m-1", true, ProcessingResult.RetryLater)] // This very message is being worked on: its copy comes back later.
    public async Task Process_WhenTheRequestIsHeld_DoesNotWorkOnIt(string deliveryId, bool sameDelivery, ProcessingResult expected)
    {
        _store.ClaimAnswer = new HeldElsewhere("delivery m-1 holds it until 10:01", SameDelivery: sameDelivery);

        var result = await ProcessAsync(Sqs("""{"environmentName":"prod","requestId":"rb-1"}""", deliveryId));

        Assert.Equal(expected, result);
        Assert.Empty(_inner.Seen);
    }

    [Fact]
    public async Task Process_TakingOverAWatchThatHadStarted_ResumesItInsteadOfCancelling()
    {
        var checkpoint = new WatchState(Now.AddSeconds(-90), 4, "d-0001", "sqs", Now.AddSeconds(-95));
        _store.ClaimAnswer = new Claimed(checkpoint);

        await ProcessAsync(Sqs("""{"environmentName":"prod","requestId":"rb-1"}""", "m-1"));

        var request = Assert.IsType<AcceptedRequest>(Assert.Single(_inner.Seen).Parsed).Request;
        Assert.Equal(checkpoint, request.Watch);
    }

    [Fact]
    public async Task Process_ClaimsWithTheContinuationTokenAndALeaseToTheDeadline()
    {
        var body = """{"environmentName":"prod","requestId":"rb-1","watch":{"since":"2026-11-24T09:59:00Z","pollCount":3,"token":"t-7"}}""";

        await ProcessAsync(Sqs(body, "m-9"));

        var claim = Assert.Single(_store.Claims);
        Assert.Equal(("rb-1", "m-9", "t-7", "prod"), (claim.RequestId, claim.DeliveryId, claim.Token, claim.EnvironmentName));
        Assert.Equal(Now.AddSeconds(60) + IdempotentRequestProcessor.LeaseMargin, claim.LeaseUntil);
        Assert.Single(_inner.Seen);
    }

    [Fact]
    public async Task Process_WhenTheWorkMustBeRedelivered_ReleasesTheLease()
    {
        var inner = new RecordingProcessor { RetryLaterFor = ["m-1"] };

        var result = await ProcessAsync(Sqs("""{"environmentName":"prod","requestId":"rb-1"}""", "m-1"), inner);

        Assert.Equal(ProcessingResult.RetryLater, result);
        Assert.Equal(["Claim rb-1 m-1 -", "Release rb-1 m-1"], _store.Calls);
    }

    [Fact]
    public async Task Process_WhenTheRecordCannotBeClaimed_NeitherWorksNorDropsTheRequest()
    {
        _store.FailOn = "Claim";

        var result = await ProcessAsync(Sqs("""{"environmentName":"prod","requestId":"rb-1"}""", "m-1"));

        Assert.Equal(ProcessingResult.RetryLater, result);
        Assert.Empty(_inner.Seen);
        Assert.Contains("could not be claimed (ProvisionedThroughputExceededException)", _log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Process_RejectedRequest_IsClaimedUnderItsRequestIdToo()
    {
        _store.ClaimAnswer = new AlreadyCompleted("REJECTED");

        var result = await ProcessAsync(Sqs("""{"requestId":"rb-5"}""", "m-1"));

        Assert.Equal(ProcessingResult.Completed, result);
        Assert.Equal("Claim rb-5 m-1 -", Assert.Single(_store.Calls));
        Assert.Empty(_inner.Seen);
    }

    private static IncomingRequest Sqs(string body, string messageId) =>
        new(RequestSources.Sqs, messageId, RequestParser.ParseBody(body, messageId), Now);

    private Task<ProcessingResult> ProcessAsync(IncomingRequest request, IRequestProcessor? inner = null)
    {
        var clock = new FakeTimeProvider(Now);
        var processor = new IdempotentRequestProcessor(inner ?? _inner, _store, new LambdaLogger(_log, new LogOptions(Json: false, LogLevel.Debug), clock));
        return processor.ProcessAsync(request, new InvocationContext("invocation-1", Now.AddSeconds(60), null, null), CancellationToken.None);
    }
}
