using System.Collections.Concurrent;
using System.Text.Json;
using ProtonCancelLambda.Configuration;
using ProtonCancelLambda.Logging;
using ProtonCancelLambda.Pacing;
using ProtonCancelLambda.Testing;
using ProtonCancelLambda.Tests.Races;

namespace ProtonCancelLambda.Tests.Pacing;

/// <summary>
/// Issue 22 through the composition seam: with PROTON_*_PER_SECOND set, a new request books its cancel and the
/// look before it in the shared budget before claiming anything, waits for those turns, and goes back to the
/// queue untouched (no claim, no Proton call, no receive spent) when this invocation has none; polls take only
/// free turns.
/// </summary>
public sealed class PacedPipelineTests
{
    private static readonly DateTimeOffset Now = SqsEvents.SentAt.AddSeconds(1);

    private readonly WaitAwareClock _clock = new(Now);
    private readonly MemoryTable _table = new();

    [Fact]
    public async Task ABookedRequest_LooksJustBeforeItsTurn_AndCancelsOnIt()
    {
        var rig = Rig();
        rig.Proton.Add("prod-network");
        var earlier = await FillAsync(ProtonRates.CancelEnvironmentDeployment, 15);
        var looks = new ConcurrentQueue<DateTimeOffset>();
        var cancels = new ConcurrentQueue<DateTimeOffset>();
        rig.Proton.BeforeGet = _ => looks.Enqueue(_clock.GetUtcNow());
        rig.Proton.BeforeCancel = () => cancels.Enqueue(_clock.GetUtcNow());

        var response = await rig.InvokeAsync(SqsEvents.Batch(SqsEvents.Record("m-1", RaceEvents.Request("rb-1"))));

        Assert.Empty(FunctionRig.Failures(response));
        var cancelAt = Assert.Single(cancels);
        Assert.True(cancelAt >= earlier, $"cancelled at {cancelAt:O}, before the turn after the 15 booked ahead ({earlier:O})");
        var look = looks.First();
        Assert.InRange(look, cancelAt - TurnBooking.LookLead - TimeSpan.FromMilliseconds(100), cancelAt);
        Assert.Equal("CANCELLED", Assert.Single(rig.Outcomes).GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task NoTurnInThisInvocation_PutsTheRequestBack_WithItsRequestTime_HavingClaimedNothing()
    {
        var rig = Rig();
        rig.Proton.Add("prod-network");
        await FillAsync(ProtonRates.CancelEnvironmentDeployment, 5 * 120);
        var writesBefore = _table.Writes;

        var response = await rig.InvokeAsync(SqsEvents.Batch(SqsEvents.Record("m-1", RaceEvents.Request("rb-1"), sentAt: SqsEvents.SentAt)));

        Assert.Empty(FunctionRig.Failures(response));
        Assert.Empty(rig.Proton.Calls);
        Assert.Empty(rig.Outcomes);
        var (_, message) = Assert.Single(rig.Sqs.Sent);
        var body = JsonDocument.Parse(message.MessageBody).RootElement;
        Assert.Equal("rb-1", body.GetProperty("requestId").GetString());
        Assert.Equal(RaceEvents.Iso(SqsEvents.SentAt), body.GetProperty("requestedAt").GetString());
        Assert.False(body.TryGetProperty("watch", out _));
        Assert.Equal("m-1", body.GetProperty("putBackOf").GetString());

        // Turns are free again in about 120 s: it waits between half and all of that (the rig's random is 0.5).
        Assert.InRange(message.DelaySeconds ?? 0, 60, 120);
        Assert.True(_table.Writes - writesBefore <= 8, $"{_table.Writes - writesBefore} writes to find no turn");
        Assert.Contains("\"PutBacks\":1", rig.Log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARequestPastMaxWatch_StopsWaitingItsTurn_AndGoesAheadUnpaced()
    {
        var rig = Rig((SettingNames.MaxWatchSeconds, "60"));
        rig.Proton.Add("prod-network");
        await FillAsync(ProtonRates.CancelEnvironmentDeployment, 5 * 120);

        await rig.InvokeAsync(SqsEvents.Batch(SqsEvents.Record("m-1", RaceEvents.Request("rb-1", requestedAt: Now.AddMinutes(-2)), sentAt: Now)));

        Assert.DoesNotContain(rig.Sqs.Sent, sent => !sent.Request.MessageBody.Contains("\"watch\"", StringComparison.Ordinal));
        Assert.Equal(1, rig.Proton.CancelCount);
        Assert.Contains("past MAX_WATCH_SECONDS, still without a turn", rig.Log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnAFifoQueue_ARequestWithoutATurn_GoesAheadUnpaced()
    {
        var rig = Rig((SettingNames.RequestQueueUrl, FunctionRig.FifoQueueUrl));
        rig.Proton.Add("prod-network");
        await FillAsync(ProtonRates.CancelEnvironmentDeployment, 5 * 120);

        await rig.InvokeAsync(SqsEvents.Batch(SqsEvents.FifoRecord("m-1", RaceEvents.Request("rb-1"), "prod-network")));

        Assert.Equal(1, rig.Proton.CancelCount);
        Assert.Contains("cannot wait in a queue without per-message delays", rig.Log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AContinuationWithoutAFreeTurn_HandsOverAgain_WithoutCallingProton()
    {
        var rig = Rig();
        rig.Proton.Add("prod-network", afterSeconds: 600);
        await rig.InvokeAsync(SqsEvents.Batch(SqsEvents.Record("m-1", RaceEvents.Request("rb-1"))));
        var (_, continuation) = rig.Sqs.Sent.Last();
        var gets = rig.Proton.GetCount;

        // Every GetEnvironment turn of the next seconds is booked.
        await FillAsync(ProtonRates.GetEnvironment, 10 * 5);
        await rig.InvokeAsync(SqsEvents.Batch(SqsEvents.Record("continuation-1", continuation.MessageBody)));

        Assert.Equal(gets, rig.Proton.GetCount);
        Assert.Empty(rig.Outcomes);
        var (_, next) = rig.Sqs.Sent.Last();
        Assert.Contains("\"watch\"", next.MessageBody, StringComparison.Ordinal);
        Assert.NotEqual(continuation.MessageBody, next.MessageBody);
    }

    [Fact]
    public void ARateWithoutTheTable_FailsTheInit_NamingTheSetting()
    {
        var settings = new DictionaryEnvironmentVariables(new Dictionary<string, string>
        {
            [SettingNames.OutcomeTopicArn] = FunctionRig.TopicArn,
            [SettingNames.AwsRegion] = "us-east-1",
            [SettingNames.ProtonCancelPerSecond] = "5",
        });

        var problem = Assert.Throws<SettingsException>(() => SettingsReader.Read(settings));

        Assert.Equal(SettingNames.ProtonCancelPerSecond, problem.SettingName);
        Assert.Contains(SettingNames.IdempotencyTableName, problem.Message, StringComparison.Ordinal);
    }

    private FunctionRig Rig(params (string Name, string Value)[] extra)
    {
        var settings = new Dictionary<string, string>
        {
            [SettingNames.RequestQueueUrl] = FunctionRig.QueueUrl,
            [SettingNames.IdempotencyTableName] = MemoryTable.Name,
            [SettingNames.ProtonGetEnvironmentPerSecond] = "10",
            [SettingNames.ProtonCancelPerSecond] = "5",
        };
        foreach (var (name, value) in extra)
        {
            settings[name] = value;
        }

        return new FunctionRig(_clock, settings, _table);
    }

    /// <summary>Books <paramref name="count"/> turns as other instances would; returns the time after the last.</summary>
    private async Task<DateTimeOffset> FillAsync(string operation, int count)
    {
        var others = new SharedCallBudget(_table, MemoryTable.Name, new ProtonRates(10, 5), _clock, new LambdaLogger(TextWriter.Null, LogOptions.Default, _clock));
        var last = Now;
        for (var i = 0; i < count; i++)
        {
            last = (await others.ReserveAsync(operation, _clock.GetUtcNow(), Now.AddHours(1), CancellationToken.None)).At!.Value;
        }

        return last;
    }
}
