using System.Globalization;
using ProtonCancelLambda.Aws;
using ProtonCancelLambda.Aws.DynamoDb;
using ProtonCancelLambda.Idempotency;
using ProtonCancelLambda.Logging;

namespace ProtonCancelLambda.Pacing;

/// <summary>
/// The fleet's turns at Proton, kept in the idempotency table: one item per operation and window (one second, or
/// 1/rate for rates under one), counting the turns taken in it. A turn is one atomic ADD: the count before it is
/// the turn's place in the window, and the window's calls are spread evenly over it. A window already full sends
/// the caller ahead by as many windows as were asked for before it, so a backlog costs a few writes, not one per
/// second of it. Execution environments share nothing else, and Proton's limit is per account and region, so
/// only a count that every instance sees keeps the whole fleet within the rate (docs/HOW-IT-WORKS.md).
/// </summary>
/// <remarks>
/// A turn taken and then not used (the look found nothing to cancel) is a call Proton would have allowed: the
/// budget errs on the slow side. Should the table fail, calls go unpaced rather than not at all; the retry layer
/// still takes Proton's throttling.
/// </remarks>
internal sealed class SharedCallBudget(IDynamoDbItems dynamoDb, string tableName, ProtonRates rates, TimeProvider clock, LambdaLogger logger) : ICallBudget
{
    /// <summary>Items live an hour past their window: long enough for any clock, short enough to cost nothing.</summary>
    private static readonly TimeSpan ItemLifetime = TimeSpan.FromHours(1);

    /// <summary>How long one count write may take before the call goes unpaced.</summary>
    private static readonly TimeSpan WriteTimeout = TimeSpan.FromSeconds(2);

    // Each probe is one small write; a caller usually needs one to three.
    private const int MaxProbes = 32;
    private const string Calls = "calls";
    private const string Front = "front";

    public async Task<Turn> ReserveAsync(string operation, DateTimeOffset notBefore, DateTimeOffset latest, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var start = notBefore > now ? notBefore : now;
        if (Windows.Of(rates.For(operation)) is not { } windows)
        {
            return Turn.Now(start);
        }

        var window = windows.IndexOf(start);
        for (var probe = 0; probe < MaxProbes && windows.Start(window) <= latest; probe++)
        {
            if (await TakeAsync(operation, windows, window, now, null, skipPassed: operation == ProtonRates.CancelEnvironmentDeployment, cancellationToken).ConfigureAwait(false) is not { } place)
            {
                return Turn.Now(start);
            }

            if (place < windows.Capacity)
            {
                var at = Later(start, windows.Start(window) + (windows.Spacing * place));
                return at <= latest ? new Turn(at, at) : new Turn(null, at);
            }

            // Full: those asked for before this caller went ahead in order; join them where its place falls. That is
            // right for a caller in a crowd; one that came after the crowd finds the crowd's windows full one after the
            // other, and from its second full window on it goes to the backlog's front instead of stepping through them.
            window += 1 + ((place - windows.Capacity) / windows.Capacity);
            if (windows.Start(window) <= latest && await FrontAsync(operation, windows, window, cancellationToken).ConfigureAwait(false) is var front && probe > 0)
            {
                window = front;
            }
        }

        return new Turn(null, Later(windows.Start(window), latest));
    }

    public async Task<Turn> TryNowAsync(string operation, double share, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (Windows.Of(rates.For(operation)) is not { } windows)
        {
            return Turn.Now(now);
        }

        var window = windows.IndexOf(now);
        try
        {
            var places = Math.Clamp((long)Math.Ceiling(windows.Capacity * share), 1, windows.Capacity);
            if (await TakeAsync(operation, windows, window, now, places, skipPassed: false, cancellationToken).ConfigureAwait(false) is not { } place)
            {
                return Turn.Now(now);
            }

            var at = Later(now, windows.Start(window) + (windows.Spacing * place));
            return new Turn(at, at);
        }
        catch (DynamoDbConditionFailedException)
        {
            return new Turn(null, windows.Start(window + 1));
        }
    }

    /// <summary>
    /// This caller's place in the window (at or past its capacity: full); null when the table could not be asked
    /// (the call then goes unpaced). With <paramref name="skipPassed"/>, for cancels, a place whose time has passed
    /// by more than one spacing is not taken: cancels booked there would go out together, late, just before the next
    /// window's own, more at once than Proton's small cancel burst allows; the caller takes as many more places as
    /// have passed, and its last one is current. Looks do not skip: each goes with one cancel, so they bunch no more
    /// than cancels, and the places a skip wastes would be the polls' (1,000 requests: polls found none for 190 s).
    /// <paramref name="places"/>: only a place among the window's first that many (a failed condition throws), for polls.
    /// </summary>
    private async Task<long?> TakeAsync(string operation, Windows windows, long window, DateTimeOffset now, long? places, bool skipPassed, CancellationToken cancellationToken)
    {
        if (await AddAsync(operation, windows, window, 1, places, cancellationToken).ConfigureAwait(false) is not { } place)
        {
            return null;
        }

        var current = windows.PlaceAt(window, now);
        if (!skipPassed || place >= current || place >= windows.Capacity)
        {
            return place;
        }

        var skip = current - place;
        return await AddAsync(operation, windows, window, skip, null, cancellationToken).ConfigureAwait(false) is { } before ? before + skip - 1 : null;
    }

    /// <summary>
    /// The backlog's front: the furthest window a full one sent a caller to. Moves it to <paramref name="window"/>
    /// when that is further, and returns the further of the two.
    /// </summary>
    private async Task<long> FrontAsync(string operation, Windows windows, long window, CancellationToken cancellationToken)
    {
        var input = new UpdateItemInput(
            tableName,
            new() { [IdempotencyAttributes.Id] = DynamoDbValue.Text(KeyOf(operation, "front")) },
            "SET #front = :window, #expiration = :expiration",
            "attribute_not_exists(#front) OR #front < :window",
            new() { ["#front"] = Front, ["#expiration"] = IdempotencyAttributes.Expiration },
            new()
            {
                [":window"] = DynamoDbValue.Number(window),
                [":expiration"] = DynamoDbValue.Number((windows.Start(window) + ItemLifetime).ToUnixTimeSeconds()),
            },
            null,
            "ALL_OLD");
        try
        {
            await dynamoDb.UpdateItemAsync(input, clock.GetUtcNow() + WriteTimeout, cancellationToken).ConfigureAwait(false);
            return window;
        }
        catch (DynamoDbConditionFailedException failed) when (failed.Item?.GetValueOrDefault(Front)?.AsNumber() is { } front)
        {
            return Math.Max(front, window);
        }
        catch (AwsServiceException)
        {
            return window;
        }
    }

    /// <summary>Adds <paramref name="count"/> places to the window's count (only below <paramref name="places"/>, when given); the count before.</summary>
    private async Task<long?> AddAsync(string operation, Windows windows, long window, long count, long? places, CancellationToken cancellationToken)
    {
        var start = windows.Start(window);
        var values = new Dictionary<string, DynamoDbValue>(StringComparer.Ordinal)
        {
            [":count"] = DynamoDbValue.Number(count),
            [":expiration"] = DynamoDbValue.Number((start + windows.Length + ItemLifetime).ToUnixTimeSeconds()),
        };
        if (places is { } limit)
        {
            values[":limit"] = DynamoDbValue.Number(limit - count);
        }

        var input = new UpdateItemInput(
            tableName,
            new() { [IdempotencyAttributes.Id] = DynamoDbValue.Text(KeyOf(operation, start)) },
            "SET #expiration = :expiration ADD #calls :count",
            places is null ? null : "attribute_not_exists(#calls) OR #calls <= :limit",
            new() { ["#calls"] = Calls, ["#expiration"] = IdempotencyAttributes.Expiration },
            values,
            "ALL_OLD",
            null);

        try
        {
            var old = await dynamoDb.UpdateItemAsync(input, clock.GetUtcNow() + WriteTimeout, cancellationToken).ConfigureAwait(false);
            return old is not null && old.TryGetValue(Calls, out var calls) && calls.AsNumber() is { } before ? before : 0;
        }
        catch (AwsServiceException exception) when (exception is not DynamoDbConditionFailedException)
        {
            logger.Warn("The Proton call budget could not be read ({ErrorCode}); this {Operation} goes unpaced", exception.ErrorCode, operation);
            return null;
        }
    }

    /// <summary>The table key of a window's count; producers' ids cannot take it (<see cref="BoundedId"/>).</summary>
    internal static string KeyOf(string operation, DateTimeOffset windowStart) =>
        KeyOf(operation, windowStart.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));

    private static string KeyOf(string operation, string part) => $"{BoundedId.BudgetPrefix}{operation}#{part}";

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    /// <summary>Windows of whole calls: one second for rates of one or more, else as long as one call takes.</summary>
    internal sealed record Windows(TimeSpan Length, int Capacity)
    {
        public TimeSpan Spacing => Length / Capacity;

        public static Windows? Of(double perSecond) => perSecond <= 0
            ? null
            : perSecond >= 1
                ? new Windows(TimeSpan.FromSeconds(1), (int)Math.Floor(perSecond))
                : new Windows(TimeSpan.FromSeconds(1 / perSecond), 1);

        public long IndexOf(DateTimeOffset time) => time.ToUnixTimeMilliseconds() / (long)Length.TotalMilliseconds;

        /// <summary>The place in <paramref name="window"/> whose time is the latest not after <paramref name="now"/> (0 before the window).</summary>
        public long PlaceAt(long window, DateTimeOffset now) =>
            now <= Start(window) ? 0 : Math.Min(Capacity - 1, (long)((now - Start(window)) / Spacing));

        public DateTimeOffset Start(long index) => DateTimeOffset.FromUnixTimeMilliseconds(index * (long)Length.TotalMilliseconds);
    }
}
