using System.Text.Json;
using Amazon.Runtime;
using Microsoft.Extensions.Time.Testing;
using ProtonCancelLambda.Aws;
using ProtonCancelLambda.Aws.Clients;
using ProtonCancelLambda.Aws.Http;
using ProtonCancelLambda.Idempotency;
using ProtonCancelLambda.IntegrationTests.Infrastructure;
using ProtonCancelLambda.Requests;

namespace ProtonCancelLambda.IntegrationTests.Idempotency;

/// <summary>
/// The idempotency record against moto's DynamoDB with SigV4 checking on: conditional writes decide one owner
/// among concurrent deliveries, a lease that ends lets the next delivery take over (with the saved watch), a
/// hand-over passes the request to the continuation's token. Items are read back with the AWS CLI.
/// </summary>
public sealed class DynamoDbIdempotencyStoreTests(MotoServerFixture moto)
{
    private static readonly TimeSpan TimeToLive = TimeSpan.FromHours(24);

    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);

    [Fact]
    public async Task Claim_ConcurrentDeliveriesOfOneRequest_ExactlyOneWins()
    {
        moto.RequireRunning();
        var store = Store(await CreateTableAsync("concurrent"));
        for (var round = 0; round < 5; round++)
        {
            var requestId = $"rb-{round}";
            var claims = Enumerable.Range(0, 12).Select(i => store.ClaimAsync(Claim(requestId, $"message-{round}-{i}"), Deadline(), TestContext.Current.CancellationToken));

            var results = await Task.WhenAll(claims);

            Assert.Single(results.OfType<Claimed>());
            Assert.All(results.Where(r => r is not Claimed), r => Assert.False(Assert.IsType<HeldElsewhere>(r).SameDelivery));
        }
    }

    [Fact]
    public async Task Claim_AfterTheOutcomeIsPublished_FindsItCompleted()
    {
        moto.RequireRunning();
        var table = await CreateTableAsync("completed");
        var store = Store(table);
        Assert.IsType<Claimed>(await store.ClaimAsync(Claim("rb-2291", "m-1"), Deadline(), TestContext.Current.CancellationToken));
        await store.PublishedAsync("rb-2291", "CANCELLED", Deadline(), TestContext.Current.CancellationToken);

        var duplicate = await store.ClaimAsync(Claim("rb-2291", "m-2"), Deadline(), TestContext.Current.CancellationToken);

        Assert.Equal("CANCELLED", Assert.IsType<AlreadyCompleted>(duplicate).OutcomeKind);
        var item = await GetItemAsync(table, "rb-2291");
        Assert.Equal("COMPLETED", item.GetProperty("status").GetProperty("S").GetString());
        var expiration = long.Parse(item.GetProperty("expiration").GetProperty("N").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal((_clock.GetUtcNow() + TimeToLive).ToUnixTimeSeconds(), expiration);
    }

    [Fact]
    public async Task Claim_WhenTheHolderDied_WaitsForItsLeaseThenResumesItsWatch()
    {
        moto.RequireRunning();
        var store = Store(await CreateTableAsync("takeover"));
        var token = TestContext.Current.CancellationToken;
        Assert.IsType<Claimed>(await store.ClaimAsync(Claim("rb-7", "m-1"), Deadline(), token));
        var watch = new WatchState(_clock.GetUtcNow(), 1, "d-0001", "sqs", _clock.GetUtcNow().AddSeconds(-5));
        await store.WatchStartedAsync("rb-7", watch, Deadline(), token);

        var whileAlive = await store.ClaimAsync(Claim("rb-7", "m-2"), Deadline(), token);
        var sameMessageAgain = await store.ClaimAsync(Claim("rb-7", "m-1"), Deadline(), token);
        _clock.Advance(TimeSpan.FromSeconds(31));
        var afterLease = await store.ClaimAsync(Claim("rb-7", "m-2"), Deadline(), token);

        Assert.False(Assert.IsType<HeldElsewhere>(whileAlive).SameDelivery);
        Assert.True(Assert.IsType<HeldElsewhere>(sameMessageAgain).SameDelivery);
        var resumed = Assert.IsType<Claimed>(afterLease).Checkpoint;
        Assert.Equal((watch.Since.ToUnixTimeMilliseconds(), 1, "d-0001", "sqs"), (resumed!.Since.ToUnixTimeMilliseconds(), resumed.PollCount, resumed.DeploymentId, resumed.Source));
    }

    [Fact]
    public async Task HandOver_PassesTheRequestToTheContinuationToken_AndOlderCopiesAreOutOfDate()
    {
        moto.RequireRunning();
        var store = Store(await CreateTableAsync("handover"));
        var token = TestContext.Current.CancellationToken;
        var watch = new WatchState(_clock.GetUtcNow(), 3, "d-0001");
        Assert.IsType<Claimed>(await store.ClaimAsync(Claim("rb-9", "m-1"), Deadline(), token));
        Assert.Equal("t-1", await HandOverAsync(store, "rb-9", null, watch, token));

        var originalAgain = await store.ClaimAsync(Claim("rb-9", "m-1"), Deadline(), token);
        var firstContinuation = await store.ClaimAsync(Claim("rb-9", "c-1", "t-1"), Deadline(), token);
        Assert.Equal("t-2", await HandOverAsync(store, "rb-9", "t-1", watch with { PollCount = 4 }, token));
        var staleCopy = await store.ClaimAsync(Claim("rb-9", "c-1b", "t-1"), Deadline(), token);
        var secondContinuation = await store.ClaimAsync(Claim("rb-9", "c-2", "t-2"), Deadline(), token);

        Assert.Contains("continuation", Assert.IsType<HeldElsewhere>(originalAgain).Why, StringComparison.Ordinal);
        Assert.IsType<Claimed>(firstContinuation);
        Assert.Contains("out of date", Assert.IsType<HeldElsewhere>(staleCopy).Why, StringComparison.Ordinal);
        Assert.IsType<Claimed>(secondContinuation);
        await Assert.ThrowsAsync<NotTheOwnerException>(() => HandOverAsync(store, "rb-9", "t-1", watch, token));
    }

    [Fact]
    public async Task Release_LetsTheRedeliveryTakeOverBeforeTheLeaseEnds()
    {
        moto.RequireRunning();
        var store = Store(await CreateTableAsync("release"));
        var token = TestContext.Current.CancellationToken;
        Assert.IsType<Claimed>(await store.ClaimAsync(Claim("rb-3", "m-1"), Deadline(), token));

        await store.GiveBackAsync("rb-3", "m-1", Deadline(), token);

        Assert.IsType<Claimed>(await store.ClaimAsync(Claim("rb-3", "m-1"), Deadline(), token));
    }

    [Fact]
    public async Task Claim_AfterTheRecordsTimeToLive_CountsAsANewRequest()
    {
        moto.RequireRunning();
        var store = Store(await CreateTableAsync("ttl"));
        var token = TestContext.Current.CancellationToken;
        Assert.IsType<Claimed>(await store.ClaimAsync(Claim("rb-4", "m-1"), Deadline(), token));
        await store.PublishedAsync("rb-4", "CANCELLED", Deadline(), token);

        // DynamoDB deletes expired items eventually, not at once: an expired record must not count.
        _clock.Advance(TimeToLive + TimeSpan.FromSeconds(1));

        Assert.IsType<Claimed>(await store.ClaimAsync(Claim("rb-4", "m-9"), Deadline(), token));
    }

    [Fact]
    public async Task Claim_WithALongRequestId_KeysTheRecordByItsHash()
    {
        moto.RequireRunning();
        var table = await CreateTableAsync("hashed");
        var store = Store(table);
        var requestId = new string('r', 200) + " é";

        Assert.IsType<Claimed>(await store.ClaimAsync(Claim(requestId, "m-1"), Deadline(), TestContext.Current.CancellationToken));

        var item = await GetItemAsync(table, BoundedId.For(requestId));
        Assert.Equal(requestId, item.GetProperty("requestId").GetProperty("S").GetString());
        Assert.StartsWith("sha256:", BoundedId.For(requestId), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Claim_WhoseResponseWasLost_RecognisesItsOwnWriteOnTheRetry()
    {
        moto.RequireRunning();
        var transport = new ResponseLosingTransport();
        var store = Store(await CreateTableAsync("lost-response"), transport: transport);

        var result = await store.ClaimAsync(Claim("rb-8", "m-1"), Deadline(), TestContext.Current.CancellationToken);

        Assert.Equal(2, transport.Attempts);
        Assert.IsType<Claimed>(result);
    }

    [Fact]
    public async Task Claim_SignedWithAWrongSecret_IsRefused()
    {
        moto.RequireRunning();
        var store = Store(await CreateTableAsync("signature"), secret: "not-the-secret");

        var refused = await Assert.ThrowsAnyAsync<AwsServiceException>(() => store.ClaimAsync(Claim("rb-1", "m-1"), Deadline(), TestContext.Current.CancellationToken));

        Assert.Equal(403, refused.StatusCode);
    }

    private RequestClaim Claim(string requestId, string deliveryId, string? token = null) =>
        new(requestId, deliveryId, token, _clock.GetUtcNow().AddSeconds(30), "prod-network");

    private static DateTimeOffset Deadline() => DateTimeOffset.UtcNow.AddSeconds(30);

    /// <summary>Both writes of a hand-over, as the pipeline makes them around its SendMessage; the named token.</summary>
    private async Task<string?> HandOverAsync(DynamoDbRequestRecord store, string requestId, string? owner, WatchState watch, CancellationToken token)
    {
        var next = await store.HandingOverAsync(requestId, owner, watch, Deadline(), token);
        await store.HandedOverAsync(requestId, owner, next, Deadline(), token);
        return next;
    }

    private DynamoDbRequestRecord Store(string table, string? secret = null, HttpMessageHandler? transport = null)
    {
        // Signed on the real clock (moto checks the signature's time); the record's times follow the fake one.
        var client = AwsClientFactory.CreateDynamoDb(
            moto.Endpoint,
            MotoServerFixture.Region,
            new BasicAWSCredentials(moto.AccessKeyId, secret ?? moto.SecretAccessKey),
            TimeProvider.System,
            new AwsClientOptions { MaxAttempts = 2, BaseDelay = TimeSpan.FromMilliseconds(10) },
            transport ?? AwsHttpChannel.CreateDefaultTransport());
        var tokens = 0;
        return new DynamoDbRequestRecord(client, table, TimeToLive, _clock, () => $"t-{++tokens}");
    }

    private Task<string> CreateTableAsync(string name) => IdempotencyTables.CreateAsync(moto, name);

    private async Task<JsonElement> GetItemAsync(string table, string key) =>
        (await moto.AwsAsync("dynamodb", "get-item", "--table-name", table, "--consistent-read", "--key", JsonSerializer.Serialize(new Dictionary<string, object> { ["id"] = new Dictionary<string, string> { ["S"] = key } })))
            .GetProperty("Item");

    /// <summary>Lets the first request reach moto, then drops its response, as a connection reset after the write would.</summary>
    private sealed class ResponseLosingTransport() : DelegatingHandler(AwsHttpChannel.CreateDefaultTransport())
    {
        public int Attempts { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (++Attempts == 1)
            {
                response.Dispose();
                throw new HttpRequestException("connection reset after the request was written");
            }

            return response;
        }
    }
}
