using System.Diagnostics;
using System.Text.Json;
using ProtonCancelLambda.IntegrationTests.Infrastructure;
using ProtonCancelLambda.Local.EventSource;
using ProtonCancelLambda.Local.Rig;
using ProtonCancelLambda.Local.Sns;

namespace ProtonCancelLambda.IntegrationTests.Evidence;

/// <summary>
/// Issue 10's rows of the fault matrix: the rules Lambda enforces and local emulators do not. Requests go
/// through a moto queue (with the template's redrive policy and recursion setting) to the published AOT
/// bootstrap, under a Runtime API that stops an invocation at its deadline. Every request must end published or
/// in the dead-letter queue (0 lost), no deployment may be cancelled twice, and no invocation may time out. The
/// two rows bound by timers (SNS hangs, 20 hand-overs) run side by side in <see cref="TimerBoundEvidenceTests"/>.
/// </summary>
[Collection(EvidenceCollection.Name)]
public sealed class ChainFaultTests(MotoServerFixture moto, PublishedBootstrap bootstrap)
{
    /// <summary>
    /// The outcome topic does not exist (moto answers NotFound): SNS refuses for good. No continuation can fix
    /// that, so each record goes back to the queue until the redrive policy moves it to the dead-letter queue.
    /// </summary>
    [Fact]
    public async Task SnsRefusesForGood_EveryRequestEndsInTheDeadLetterQueue_WithinTheRedrivePolicy()
    {
        moto.RequireRunning();
        var rules = TemplateRules.FromRepository(RepoFiles.Root);
        var scenario = new FaultScenario("sns-refuses-for-good")
        {
            Title = "SNS refuses for good (topic missing)",
            Highlights = ["deadLettered", "continuations"],
            Settings = new Dictionary<string, string>
            {
                ["AWS_ENDPOINT_URL_SNS"] = moto.Endpoint.ToString(),
                ["OUTCOME_TOPIC_ARN"] = $"arn:aws:sns:{MotoServerFixture.Region}:123456789012:deleted-outcome-topic",
            },
        };

        using var source = await SqsEventSource.CreateAsync(moto, scenario.Name, visibilityTimeoutSeconds: 2, redrive: true);
        var summary = await RunAsync(moto, bootstrap, scenario, source, isDone: (_, _) => true);

        var deadLettered = await DeadLetteredRequestIdsAsync(source);
        var requestIds = scenario.EnvironmentNames.Select(FaultScenario.RequestIdFor).ToList();
        var violations = summary.Violations.ToList();
        violations.AddRange(requestIds.Where(id => source.Stats.DeliveriesOf(id) > rules.MaxReceiveCount)
            .Select(id => $"{id} was delivered {source.Stats.DeliveriesOf(id)} times; the redrive policy allows {rules.MaxReceiveCount}"));
        if (source.Stats.Continuations > 0)
        {
            violations.Add($"{source.Stats.Continuations} continuations were sent: a refusal for good must not be handed on");
        }

        summary.Measures["deadLettered"] = deadLettered.Count;
        summary = summary with { Lost = requestIds.Count(id => !deadLettered.Contains(id)), Violations = violations };
        summary.Report();
        Assert.Equal(0, summary.Lost);
        Assert.Empty(summary.Violations);
    }

    /// <summary>How long SNS holds every Publish unanswered, and the function timeout it meets.</summary>
    private const int HangSeconds = 20;
    private const int HangTimeoutSeconds = 16;

    /// <summary>
    /// SNS holds every Publish unanswered for 20 s, so attempts time out (10 s each) until the budget ends them,
    /// 5 s before the 16 s deadline: the outcome goes to a continuation in the time kept for it, the invocation
    /// answers in time, and nothing is delivered again to cancel a second time.
    /// </summary>
    internal static async Task<EvidenceSummary> SnsHangsNearTheDeadlineAsync(MotoServerFixture moto, PublishedBootstrap bootstrap)
    {
        var scenario = new FaultScenario("sns-hangs-near-deadline")
        {
            InvocationTimeout = TimeSpan.FromSeconds(HangTimeoutSeconds),
            Title = $"SNS hangs {HangSeconds} s, {HangTimeoutSeconds} s function timeout (republish delay {FaultScenario.ShortRepublishDelaySeconds} s)",
            Highlights = ["continuations", "timeouts"],
            Settings = new Dictionary<string, string> { ["REPUBLISH_DELAY_SECONDS"] = FaultScenario.ShortRepublishDelaySeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        };

        using var source = await SqsEventSource.CreateAsync(moto, scenario.Name, visibilityTimeoutSeconds: 2, redrive: true);
        var summary = await RunAsync(moto, bootstrap, scenario, source, FaultMatrixTests.AllAnswered, rig => HangAsync(rig, TimeSpan.FromSeconds(HangSeconds)));
        summary = summary.With(source.Stats.Continuations == 0 ? "no outcome was handed to a continuation: the scenario tested nothing" : null);
        summary.Report();
        return summary;
    }

    /// <summary>
    /// A watch that settles after 45 s, handed over every second or two: 20 and more invocations of one chain
    /// (~30 on a busy machine), past Lambda's loop detection limit (16), which template.yaml turns off with
    /// RecursiveLoop: Allow.
    /// </summary>
    internal static async Task<EvidenceSummary> WatchOfTwentyHandOversAsync(MotoServerFixture moto, PublishedBootstrap bootstrap)
    {
        var scenario = new FaultScenario("watch-20-handovers")
        {
            SettleSeconds = 45,
            Title = "watch of 20+ hand-overs (settles after 45 s)",
            Highlights = ["longestChain", "loopsStopped"],
            Settings = new Dictionary<string, string> { ["POLL_WINDOW_SECONDS"] = "1" },
        };

        using var source = await SqsEventSource.CreateAsync(moto, scenario.Name, visibilityTimeoutSeconds: 2, redrive: true);
        var summary = await RunAsync(moto, bootstrap, scenario, source, FaultMatrixTests.AllAnswered);
        summary = summary.With(
            source.Stats.LoopsStopped > 0 ? $"Lambda's loop detection stopped {source.Stats.LoopsStopped} continuations (RecursiveLoop is {TemplateRules.FromRepository(RepoFiles.Root).RecursiveLoop} in template.yaml)" : null,
            source.Stats.LongestChain < 21 ? $"the longest chain had {source.Stats.LongestChain} invocations, fewer than 21 (20 hand-overs): the scenario tested nothing" : null);
        summary.Report();
        return summary;
    }

    /// <summary>Runs the scenario through the rig and tallies it; violations include timeouts and second cancels.</summary>
    private static async Task<EvidenceSummary> RunAsync(MotoServerFixture moto, PublishedBootstrap bootstrap, FaultScenario scenario, SqsEventSource source, Func<LocalRig, IReadOnlySet<string>, bool> isDone, Func<LocalRig, Task>? beside = null)
    {
        await using var rig = await EvidenceRig.StartAsync("matrix-" + scenario.Name, bootstrap, scenario.ToSimulation(), scenario.Environment(moto, source.QueueUrl));
        var requestIds = scenario.EnvironmentNames.Select(FaultScenario.RequestIdFor).ToHashSet();
        await source.SendAsync(scenario.Bodies());

        var clock = Stopwatch.StartNew();
        var fault = beside?.Invoke(rig) ?? Task.CompletedTask;
        await source.RunAsync(rig, new PumpOptions(scenario.BatchSize, scenario.InvocationTimeout), () => isDone(rig, requestIds), TimeSpan.FromSeconds(180) * EvidenceScale.Factor);
        await fault;

        var summary = EvidenceSummary.Tally("matrix-" + scenario.Name, requestIds, FaultMatrixTests.Notifications(rig), (id, published) => scenario.Judge(published, source.Stats.DeliveriesOf(id)))
            .WithCalls(rig.Simulator.Calls, source.Stats, clock.Elapsed);
        summary = summary with { Title = scenario.Title, Highlights = scenario.Highlights };

        // Every redelivery of SNS's refusals cancels again by design (the deployment has settled, so nothing
        // changes); anywhere else a second cancel means a request was worked on twice.
        var refusals = scenario.Name == "sns-refuses-for-good";
        return summary
            .WithDuplicates(0)
            .WithOutcomes(refusals ? new Dictionary<string, int>() : new Dictionary<string, int> { ["CANCELLED"] = scenario.Requests })
            .WithCancelsAtMost(rig, name => refusals ? source.Stats.DeliveriesOf(FaultScenario.RequestIdFor(name)) : 1)
            .With(source.Stats.Timeouts > 0 || source.Stats.Crashes > 0 || source.Stats.InvocationErrors > 0
                ? $"{source.Stats.Timeouts} invocations timed out, {source.Stats.Crashes} crashed, {source.Stats.InvocationErrors} failed as a whole"
                : null);
    }

    private static async Task HangAsync(LocalRig rig, TimeSpan length)
    {
        rig.Simulator.SnsFaults.Set(SnsFaultKind.Hang);
        await Task.Delay(length);
        rig.Simulator.SnsFaults.Clear();
    }

    private static async Task<HashSet<string>> DeadLetteredRequestIdsAsync(SqsEventSource source) =>
        [.. (await source.DeadLetteredAsync()).Select(body => JsonDocument.Parse(body).RootElement.GetProperty("requestId").GetString()!)];
}
