using Microsoft.Extensions.Time.Testing;
using ProtonCancelLambda.Aws.DynamoDb;
using ProtonCancelLambda.Logging;
using ProtonCancelLambda.Pacing;

namespace ProtonCancelLambda.Tests.Pacing;

/// <summary>
/// The fleet's shared turns at Proton (issue 22): counted in the table, so any number of instances together stay
/// within the rate, each window's calls spread evenly, a backlog taken in order at a few writes a turn.
/// </summary>
public sealed class SharedCallBudgetTests
{
    private const string Cancel = ProtonRates.CancelEnvironmentDeployment;
    private const string Get = ProtonRates.GetEnvironment;

    private static readonly DateTimeOffset WindowStart = new(2026, 12, 6, 4, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _clock = new(WindowStart);
    private readonly MemoryTable _table = new();
    private readonly StringWriter _log = new();

    [Fact]
    public async Task TurnsOfOneWindow_AreSpreadEvenly_AndTheNextCallersGoToTheNextWindow()
    {
        var budget = Budget(cancelPerSecond: 5);

        var turns = await TakeAsync(budget, Cancel, 10);

        Assert.Equal([0, 200, 400, 600, 800, 1000, 1200, 1400, 1600, 1800], turns.Select(Offset));
    }

    [Fact]
    public async Task ManyInstances_ShareOneCount_SoTogetherTheyKeepTheRate()
    {
        var instances = Enumerable.Range(0, 7).Select(_ => Budget(cancelPerSecond: 5)).ToList();

        var turns = new List<DateTimeOffset>();
        for (var i = 0; i < 70; i++)
        {
            turns.Add((await instances[i % instances.Count].ReserveAsync(Cancel, _clock.GetUtcNow(), WindowStart.AddMinutes(5), CancellationToken.None)).At!.Value);
        }

        Assert.Equal(70, turns.Distinct().Count());
        Assert.All(turns.GroupBy(turn => turn.ToUnixTimeSeconds()), second => Assert.True(second.Count() <= 5, $"{second.Count()} turns in second {second.Key}"));
        Assert.Equal(WindowStart.AddMilliseconds(13_800), turns.Max());
    }

    [Fact]
    public async Task ABacklog_IsJoinedAtItsEnd_InAFewWritesATurn()
    {
        var budget = Budget(cancelPerSecond: 5);

        var turns = await TakeAsync(budget, Cancel, 200);

        Assert.Equal(200, turns.Distinct().Count());
        Assert.Equal(WindowStart.AddMilliseconds(39_800), turns.Max());
        Assert.True(_table.Writes <= 3 * 200, $"{_table.Writes} writes for 200 turns");
    }

    [Fact]
    public async Task PassedPlaces_AreNotBookedForCancels_SoLateCancelsDoNotGoOutTogether_ButLooksAndPollsTakeThem()
    {
        var budget = Budget(getPerSecond: 2, cancelPerSecond: 5);
        _clock.Advance(TimeSpan.FromMilliseconds(700));

        var turns = await TakeAsync(budget, Cancel, 3);
        var polls = new[]
        {
            await budget.TryNowAsync(Get, 1, CancellationToken.None),
            await budget.TryNowAsync(Get, 1, CancellationToken.None),
            await budget.TryNowAsync(Get, 1, CancellationToken.None),
        };

        // Places 0-2 (0.0, 0.2, 0.4 s) have passed; 3 (0.6 s) is current, then 4 (0.8 s), then the next window.
        Assert.Equal([700, 800, 1000], turns.Select(Offset));

        // A poll goes alone, now: the passed places of a window not used to the full are its (two a second here).
        Assert.Equal([true, true, false], polls.Select(poll => poll.Taken));
        Assert.All(polls.Take(2), poll => Assert.Equal(WindowStart.AddMilliseconds(700), poll.At));
    }

    [Fact]
    public async Task ALookLateInItsWindow_TakesTheFirstFreePlace_LeavingTheRestToPolls()
    {
        var budget = Budget(getPerSecond: 10, cancelPerSecond: 5);
        _clock.Advance(TimeSpan.FromMilliseconds(900));

        var look = await budget.ReserveAsync(Get, _clock.GetUtcNow(), WindowStart.AddMinutes(1), CancellationToken.None);
        var poll = await budget.TryNowAsync(Get, 1, CancellationToken.None);

        Assert.Equal(_clock.GetUtcNow(), look.At);
        Assert.True(poll.Taken);
    }

    [Fact]
    public async Task ACallerAfterACrowd_JoinsTheBacklogsFront_InAFewWrites()
    {
        var budget = Budget(cancelPerSecond: 5);
        await TakeAsync(budget, Cancel, 100);
        _clock.Advance(TimeSpan.FromSeconds(1.1));
        var writes = _table.Writes;

        var turn = await budget.ReserveAsync(Cancel, _clock.GetUtcNow(), WindowStart.AddMinutes(1), CancellationToken.None);

        // The crowd's windows from the second one on are full, each sent its overflow one window on; the newcomer
        // does not step through them one by one.
        Assert.Equal(WindowStart.AddSeconds(20), turn.At);
        Assert.True(_table.Writes - writes <= 8, $"{_table.Writes - writes} writes");
    }

    [Fact]
    public async Task NoTurnByTheLatest_IsNotTaken_AndSaysFromWhenTurnsAreFree()
    {
        var budget = Budget(cancelPerSecond: 5);
        await TakeAsync(budget, Cancel, 50);

        var turn = await budget.ReserveAsync(Cancel, _clock.GetUtcNow(), WindowStart.AddSeconds(5), CancellationToken.None);

        Assert.False(turn.Taken);
        Assert.True(turn.FreeFrom >= WindowStart.AddSeconds(10), $"free from {turn.FreeFrom:O}");
    }

    [Fact]
    public async Task APoll_TakesOnlyAFreeTurnOfTheCurrentWindow_AndCountsNothingWhenThereIsNone()
    {
        var budget = Budget(getPerSecond: 2);

        var first = await budget.TryNowAsync(Get, 1, CancellationToken.None);
        var second = await budget.TryNowAsync(Get, 1, CancellationToken.None);
        var third = await budget.TryNowAsync(Get, 1, CancellationToken.None);

        Assert.Equal(WindowStart, first.At);
        Assert.Equal(WindowStart.AddSeconds(0.5), second.At);
        Assert.False(third.Taken);
        Assert.Equal(WindowStart.AddSeconds(1), third.FreeFrom);

        // The refused poll left the count at the window's capacity: a booked look still goes to the next window.
        var booked = await budget.ReserveAsync(Get, _clock.GetUtcNow(), WindowStart.AddMinutes(1), CancellationToken.None);
        Assert.Equal(WindowStart.AddSeconds(1), booked.At);
    }

    [Fact]
    public async Task AYoungWatchsPoll_TakesOnlyItsShareOfAWindow_AnOldOnesTheWhole()
    {
        var budget = Budget(getPerSecond: 10);

        var young = await budget.TryNowAsync(Get, 0.1, CancellationToken.None);
        var youngAgain = await budget.TryNowAsync(Get, 0.1, CancellationToken.None);
        var half = await budget.TryNowAsync(Get, 0.5, CancellationToken.None);
        var old = await budget.TryNowAsync(Get, 1, CancellationToken.None);

        Assert.Equal([true, false, true, true], new[] { young, youngAgain, half, old }.Select(poll => poll.Taken));
        Assert.Equal(WindowStart.AddMilliseconds(200), old.At);
    }

    [Fact]
    public async Task RatesUnderOnePerSecond_GiveOneTurnPerWindowOfOneOverTheRate()
    {
        var budget = Budget(cancelPerSecond: 0.25);

        var turns = await TakeAsync(budget, Cancel, 3);

        Assert.Equal([0, 4000, 8000], turns.Select(Offset));
    }

    [Fact]
    public async Task AnUnpacedOperation_IsNowAndWritesNothing()
    {
        var budget = Budget(cancelPerSecond: 5);

        var turn = await budget.ReserveAsync(Get, _clock.GetUtcNow(), _clock.GetUtcNow(), CancellationToken.None);

        Assert.Equal(_clock.GetUtcNow(), turn.At);
        Assert.Equal(0, _table.Writes);
    }

    [Fact]
    public async Task ATableThatFails_LeavesTheCallUnpaced_AndSaysSo()
    {
        var budget = Budget(cancelPerSecond: 5);
        _table.FailWith = new DynamoDbException("ProvisionedThroughputExceededException", "slow down", 400, isRetryable: true);

        var turn = await budget.ReserveAsync(Cancel, _clock.GetUtcNow(), WindowStart.AddMinutes(1), CancellationToken.None);

        Assert.Equal(_clock.GetUtcNow(), turn.At);
        Assert.Contains("ProvisionedThroughputExceededException", _log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void BudgetKeys_CannotBeTakenByARequestId()
    {
        var key = SharedCallBudget.KeyOf(Cancel, WindowStart);

        Assert.NotEqual(key, ProtonCancelLambda.Aws.BoundedId.For(key));
    }

    private SharedCallBudget Budget(double getPerSecond = 0, double cancelPerSecond = 0) =>
        new(_table, MemoryTable.Name, new ProtonRates(getPerSecond, cancelPerSecond), _clock, new LambdaLogger(_log, LogOptions.Default, _clock));

    private async Task<List<DateTimeOffset>> TakeAsync(SharedCallBudget budget, string operation, int count)
    {
        var turns = new List<DateTimeOffset>();
        for (var i = 0; i < count; i++)
        {
            var turn = await budget.ReserveAsync(operation, _clock.GetUtcNow(), WindowStart.AddMinutes(5), CancellationToken.None);
            turns.Add(turn.At ?? throw new InvalidOperationException($"turn {i} not taken"));
        }

        return turns;
    }

    private static double Offset(DateTimeOffset turn) => (turn - WindowStart).TotalMilliseconds;
}
