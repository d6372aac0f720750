using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace ProtonCancelLambda.Tests.Simulation;

/// <summary>
/// A second way through the schedules, by System.Random instead of CsCheck, that also measures: schedules per
/// second, and after how many schedules each kind of violation first shows, for a few seeds. It fails on any
/// violation. By default a short run (300 schedules of seed 1); a measurement on demand:
/// <c>SIMULATION_EXPLORE=20000 dotnet test test/ProtonCancelLambda.Tests --filter FullyQualifiedName~SimulationExplorer
/// --logger "console;verbosity=detailed"</c>; SIMULATION_EXPLORE_SEEDS=1,2,3 picks the seeds, and
/// SIMULATION_EXPLORE_TRACES=1 prints the trace of the first schedule with each kind of violation.
/// </summary>
public sealed class SimulationExplorerTests
{

    [Fact]
    public void Explore_CountsViolationsPerKind()
    {
        var explore = int.TryParse(Environment.GetEnvironmentVariable("SIMULATION_EXPLORE"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var schedules);
        if (!explore)
        {
            schedules = 300;
        }

        var setup = PipelineSimulationTests.Setup();
        var report = new StringBuilder();
        var violationsFound = 0;
        var seeds = (Environment.GetEnvironmentVariable("SIMULATION_EXPLORE_SEEDS") ?? (explore ? "1,2,3,4,5" : "1")).Split(',').Select(seed => int.Parse(seed, CultureInfo.InvariantCulture));
        foreach (var seed in seeds)
        {
            var random = new Random(seed);
            var inputs = Enumerable.Range(0, schedules)
                .Select(_ => Enumerable.Range(0, random.Next(0, 4001)).Select(_ => random.Next(SimChoices.Range)).ToArray())
                .ToList();
            var first = new Dictionary<ViolationKind, int>();
            var counts = new Dictionary<ViolationKind, int>();
            var steps = 0L;
            int? firstHandOverRace = null;
            var withDuplicates = 0;
            var handOverRaces = 0;
            var clock = Stopwatch.StartNew();
            var results = new SimulationResult[schedules];
            Parallel.For(0, schedules, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i => results[i] = SimulationWorld.Run(inputs[i], setup));
            clock.Stop();
            for (var i = 0; i < schedules; i++)
            {
                steps += results[i].Steps;
                withDuplicates += results[i].ExtraOutcomes > 0 ? 1 : 0;
                if (results[i].Violations.Any(v => v.Kind == ViolationKind.Stranded && v.Detail.EndsWith(SimulationInvariants.HandOverRace, StringComparison.Ordinal)))
                {
                    firstHandOverRace ??= i + 1;
                    handOverRaces++;
                }

                foreach (var kind in results[i].Violations.Select(v => v.Kind).Distinct())
                {
                    first.TryAdd(kind, i + 1);
                    counts[kind] = counts.GetValueOrDefault(kind) + 1;
                }
            }

            violationsFound += counts.Values.Sum();
            report.AppendLine(CultureInfo.InvariantCulture, $"seed {seed}: {schedules} schedules in {clock.Elapsed.TotalSeconds:0.0} s ({schedules / clock.Elapsed.TotalSeconds:0} schedules/s, {steps / (double)schedules:0} steps each) on {Environment.ProcessorCount} threads");
            report.AppendLine(CultureInfo.InvariantCulture, $"  a second outcome (in a documented window or not) in {withDuplicates} schedules");
            report.AppendLine(CultureInfo.InvariantCulture, $"  {"Stranded by the hand-over",-26} first at schedule {firstHandOverRace?.ToString(CultureInfo.InvariantCulture) ?? "-",6}, in {handOverRaces} schedules");
            foreach (var kind in Enum.GetValues<ViolationKind>())
            {
                report.AppendLine(CultureInfo.InvariantCulture, $"  {kind,-26} first at schedule {(first.TryGetValue(kind, out var at) ? at.ToString(CultureInfo.InvariantCulture) : "-"),6}, in {counts.GetValueOrDefault(kind)} schedules");
            }

            if (Environment.GetEnvironmentVariable("SIMULATION_EXPLORE_TRACES") == "1")
            {
                foreach (var (kind, at) in first)
                {
                    var replay = SimulationWorld.Run(inputs[at - 1], setup, trace: true);
                    report.AppendLine(CultureInfo.InvariantCulture, $"--- seed {seed}, schedule {at}: {string.Join("; ", replay.Violations)}");
                    report.AppendJoin(Environment.NewLine, replay.Trace!).AppendLine();
                }
            }
        }

        TestContext.Current.TestOutputHelper?.WriteLine(report.ToString());
        Assert.True(violationsFound == 0, report.ToString());
    }
}
