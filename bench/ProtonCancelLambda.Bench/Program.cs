using System.Globalization;
using ProtonCancelLambda.Bench;
using ProtonCancelLambda.Local.Commands;
using ProtonCancelLambda.Testing.Results;
using static ProtonCancelLambda.Bench.Stats;

// Usage: ProtonCancelLambda.Bench --aot DIR/bootstrap --jit BIN/bootstrap.dll --zip FILE.zip [--jit-r2r DIR/bootstrap.dll] [--json FILE]
//          [--cold-aot 15] [--cold-jit 7] [--cold-continuation 9] [--cold-only 1] [--init-floor FLOOR/init-floor] [--init-runs 21] [--idempotency-table 1] [--baseline OTHER/bootstrap]
//        ProtonCancelLambda.Bench mass-rollback N --aot DIR/bootstrap [options]   (bench/mass-rollback.sh; --help lists the options)
//        ProtonCancelLambda.Bench --plot-run RUN.json FILE.png   (draws a saved mass-rollback run)
//        ProtonCancelLambda.Bench --tables   (rewrites the generated tables in docs/PERFORMANCE.md and README.md from docs/results)
if (args is ["--tables"])
{
    var changed = ResultTables.Write(RepoFiles.Root);
    Console.WriteLine(changed.Count == 0 ? "tables already match docs/results" : "rewrote the generated tables in " + string.Join(", ", changed));
    return 0;
}

if (args is ["--plot-run", var runJson, var png])
{
    // A saved mass-rollback run drawn again (bench/mass-rollback.sh --save draws docs/img/ from docs/results/bench/).
    await MassRollbackPlot.DrawAsync(ProtonCancelLambda.Local.EventSource.MassRollbackResult.FromJson(await File.ReadAllTextAsync(runJson)), png);
    Console.WriteLine($"plot: {png}");
    return 0;
}

if (args is [MassRollbackCommandLine.Name, ..])
{
    // Usage: mass-rollback N --aot DIR/bootstrap [--dynamodb-endpoint URL] [--max-concurrency 10] ... (--help lists them)
    return await MassRollbackCommandLine.RunAsync(args, MassRollbackBench.RunAsync, Console.Out, Console.Error, CancellationToken.None);
}

var options = args.Chunk(2).Where(pair => pair.Length == 2).ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);

if (!options.TryGetValue("--aot", out var aotPath) || !options.TryGetValue("--jit", out var jitPath) || !options.TryGetValue("--zip", out var zipPath))
{
    Console.Error.WriteLine("usage: --aot DIR/bootstrap --jit BIN/bootstrap.dll --zip FILE.zip [--cold-aot 15] [--cold-jit 7]");
    return 2;
}

var coldAotRuns = int.Parse(options.GetValueOrDefault("--cold-aot", "15"), CultureInfo.InvariantCulture);
var coldJitRuns = int.Parse(options.GetValueOrDefault("--cold-jit", "7"), CultureInfo.InvariantCulture);
var aot = FunctionBuild.Aot(aotPath);
var jit = FunctionBuild.Jit(jitPath);
var rows = new List<GoalRow>();
var notes = new List<string>();

if (options.TryGetValue("--baseline", out var baselinePath))
{
    // Another AOT build (say, main's) against this one, runs interleaved: for deciding a change on numbers
    // taken under the same machine load.
    var baseline = FunctionBuild.Aot(baselinePath);
    var runs = int.Parse(options.GetValueOrDefault("--cold-aot", "15"), CultureInfo.InvariantCulture);
    Console.Error.WriteLine($"cold start, baseline / this build: {runs} runs each, interleaved...");
    var (baselineCold, thisCold) = await ColdStartBench.MeasureInterleavedAsync(baseline, runs, aot, runs);
    var continuation = await ContinuationColdStartBench.MeasureInterleavedAsync([baseline, aot], runs);
    Console.WriteLine($"cold start to first outcome, median ms: baseline {F(Median(baselineCold))} (min {F(baselineCold.Min())}), this build {F(Median(thisCold))} (min {F(thisCold.Min())}), n={runs} each");
    Console.WriteLine($"cold start of a continuation invocation, median ms: baseline {F(Median(continuation[0]))} (min {F(continuation[0].Min())}), this build {F(Median(continuation[1]))} (min {F(continuation[1].Min())}), n={runs} each");
    Console.WriteLine($"bootstrap bytes: baseline {new FileInfo(baselinePath).Length:N0}, this build {new FileInfo(aotPath).Length:N0}");
    return 0;
}

if (options.ContainsKey("--idempotency-table"))
{
    // The same AOT build with and without IDEMPOTENCY_TABLE_NAME (moto DynamoDB), runs interleaved, so load
    // from elsewhere hits both alike; with the table each request is claimed (PutItem) before the cancel.
    using var idempotency = await IdempotencyTableBench.StartAsync();
    using var instant = InstantDynamoDb.Start();
    Console.Error.WriteLine($"cold start: {coldAotRuns} AOT runs with the idempotency table on moto, {coldAotRuns} on an instant endpoint, {coldAotRuns} without, interleaved...");
    var (withTable, withoutTable) = await ColdStartBench.MeasureInterleavedAsync(aot.With("AOT-table", idempotency.Variables), coldAotRuns, aot, coldAotRuns);
    var (withInstant, _) = await ColdStartBench.MeasureInterleavedAsync(aot.With("AOT-instant", instant.Variables), coldAotRuns, aot, 1);
    PrintTable([new("Cold start to first outcome with the idempotency table, AOT median", $"{F(Median(withTable))} ms", "<= 30 ms", Median(withTable) <= 30,
        $"n={withTable.Count}, min {F(withTable.Min())}, max {F(withTable.Max())}, table on moto; without the table, interleaved: median {F(Median(withoutTable))} ms; "
        + $"table on an endpoint that answers at once: median {F(Median(withInstant))} ms")]);
    return Median(withTable) <= 30 ? 0 : 1;
}

// Cold start: AOT and JIT runs interleaved in one run, so machine load hits every build alike. The JIT a user
// would deploy on the managed runtime is published ReadyToRun; the plain JIT build is measured beside it.
var binaries = new List<BinaryStamp> { new("AOT bootstrap", aotPath), new("JIT (plain Release build)", jitPath) };
var r2r = options.TryGetValue("--jit-r2r", out var r2rPath) ? FunctionBuild.Jit(r2rPath) with { Name = "JIT-R2R" } : null;
Console.Error.WriteLine($"cold start: {coldAotRuns} AOT / {coldJitRuns} JIT{(r2r is null ? string.Empty : " ReadyToRun / " + coldJitRuns + " plain JIT")} runs, interleaved...");
var coldSamples = await ColdStartBench.MeasureInterleavedAsync([(aot, coldAotRuns), (jit, coldJitRuns), .. r2r is null ? Array.Empty<(FunctionBuild, int)>() : [(r2r, coldJitRuns)]]);
var (aotCold, jitCold) = (coldSamples[0], coldSamples[1]);
var aotColdMedian = Median(aotCold);
var jitColdMedian = Median(jitCold);
rows.Add(new("Cold start to first outcome, AOT median", $"{F(aotColdMedian)} ms", "<= 30 ms", aotColdMedian <= 30, $"n={aotCold.Count}, min {F(aotCold.Min())}, max {F(aotCold.Max())}", Headline: true));
if (r2r is not null)
{
    binaries.Add(new("JIT (published ReadyToRun)", r2rPath!));
    var r2rColdMedian = Median(coldSamples[2]);
    rows.Add(new("Cold start, JIT published ReadyToRun / AOT (same code)", $"{F(r2rColdMedian / aotColdMedian)}x", ">= 8x", r2rColdMedian / aotColdMedian >= 8, $"ReadyToRun median {F(r2rColdMedian)} ms, n={coldSamples[2].Count}; plain JIT (no ReadyToRun): median {F(jitColdMedian)} ms, {F(jitColdMedian / aotColdMedian)}x, n={jitCold.Count}"));
}
else
{
    rows.Add(new("Cold start, plain JIT / AOT (same code; no ReadyToRun build given)", $"{F(jitColdMedian / aotColdMedian)}x", ">= 8x", jitColdMedian / aotColdMedian >= 8, $"JIT median {F(jitColdMedian)} ms, n={jitCold.Count}"));
}

// Init as Lambda bills it, against the least an AOT runtime loop does before its first next (issue 22).
if (options.TryGetValue("--init-floor", out var floorPath))
{
    binaries.Add(new("Init floor (minimal AOT runtime loop)", floorPath));
    var initRuns = int.Parse(options.GetValueOrDefault("--init-runs", "21"), CultureInfo.InvariantCulture);
    Console.Error.WriteLine($"init (process start to first next): {initRuns} runs each of the function and the floor, interleaved...");
    var (initFunction, initFloor) = await InitRatioBench.MeasureAsync(aotPath, floorPath, initRuns);
    var initRatio = Median(initFunction) / Median(initFloor);
    rows.Add(new("Init (process start to first next), function / minimal AOT runtime loop", $"{F(initRatio, "0.00")}x", "<= 1.5x", initRatio <= 1.5,
        $"medians, interleaved: function {F(Median(initFunction), "0.00")} ms (min {F(initFunction.Min(), "0.00")}), floor {F(Median(initFloor), "0.00")} ms (min {F(initFloor.Min(), "0.00")}), n={initRuns} each"));
}

// Not a goal of its own: it decides how the SQS client is built (the hand-over pays for it), so it is printed.
var continuationRuns = int.Parse(options.GetValueOrDefault("--cold-continuation", "9"), CultureInfo.InvariantCulture);
Console.Error.WriteLine($"cold start of a continuation invocation (moto SQS): {continuationRuns} AOT runs...");
var continuationCold = await ContinuationColdStartBench.MeasureAsync(aot, continuationRuns);
var continuationColdLine = $"Cold start of a continuation invocation (GetEnvironment + SendMessage to moto), AOT: median {F(Median(continuationCold))} ms, n={continuationCold.Count}, min {F(continuationCold.Min())}, max {F(continuationCold.Max())}";
if (options.ContainsKey("--cold-only"))
{
    // For comparing publish settings: the cold start rows alone.
    PrintTable(rows);
    Console.WriteLine(continuationColdLine);
    return 0;
}

Console.Error.WriteLine("10-record batch, settling 2 s after cancel...");
var aotBatch = await BatchBench.MeasureAsync(aot);
var jitBatch = await BatchBench.MeasureAsync(jit);
const double MB = 1_000_000;
rows.Add(new("Peak RSS, 10-record batch, AOT (VmHWM)", $"{F(aotBatch.PeakRssBytes / MB)} MB", "<= 32 MB", aotBatch.PeakRssBytes <= 32 * MB, $"JIT: {F(jitBatch.PeakRssBytes / MB)} MB"));
var zipBytes = new FileInfo(zipPath).Length;
var binaryBytes = new FileInfo(aotPath).Length;
rows.Add(new("Deployment zip, x86_64 (zip -9, bootstrap alone)", $"{zipBytes:N0} B", "<= 6,000,000 B", zipBytes <= 6_000_000, $"bootstrap {binaryBytes:N0} B", Headline: true));
if (options.TryGetValue("--zip-arm64", out var arm64Zip))
{
    var arm64Bytes = new FileInfo(arm64Zip).Length;
    var arm64Binary = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(arm64Zip))!, "bootstrap");
    binaries.Add(new("AOT bootstrap, arm64", arm64Binary));
    rows.Add(new("Deployment zip, arm64 (zip -9, bootstrap alone)", $"{arm64Bytes:N0} B", "<= 6,000,000 B", arm64Bytes <= 6_000_000, $"bootstrap {new FileInfo(arm64Binary).Length:N0} B", Headline: true));
}
rows.Add(new("Batch of 10 settling 2 s after cancel, wall", $"{F(aotBatch.WallSeconds, "0.00")} s", "<= 2.60 s (1.3 x 2 s)", aotBatch.WallSeconds <= 2.6 && aotBatch.AllCancelled && aotBatch.Outcomes == 10, $"AOT, {aotBatch.Outcomes} CANCELLED outcomes; JIT: {F(jitBatch.WallSeconds, "0.00")} s"));

Console.Error.WriteLine("detection lag, 20 environments settling 0.5..10 s...");
var lags = await DetectionLagBench.MeasureAsync(aot);
var lagP95 = Percentile(lags, 95);
rows.Add(new("Detection lag after settling (settle 0.5-10 s), p95", $"{F(lagP95, "0")} ms", "<= 1000 ms", lagP95 <= 1000, $"n={lags.Count}, median {F(Median(lags), "0")} ms, max {F(lags.Max(), "0")} ms"));

Console.Error.WriteLine("10-minute cancellation on a fake clock...");
var tenMinutes = await TenMinuteBench.RunAsync();
rows.Add(new("GetEnvironment calls, 10-minute cancellation", $"{tenMinutes.GetEnvironmentCalls}", "<= 70 (fixed 5 s: 120)", tenMinutes.GetEnvironmentCalls <= 70, $"real workflow + simulator on FakeTimeProvider, defaults; {tenMinutes.Invocations.Count} invocations, outcome {tenMinutes.Outcome}, lag {F(tenMinutes.DetectionLag?.TotalSeconds ?? double.NaN, "0.0")} s"));

Console.Error.WriteLine("billed duration with continuations (moto SQS)...");
var billing = await BillingBench.MeasureAsync(aot, continuations: 5);
var continuationMs = Median(billing.ContinuationMs);

// Lambda bills a custom runtime's init as part of the first invocation's duration, rounded up to 1 ms. Both
// sides of the comparison start with the same measured init. Continuations: the first invocation as measured,
// then each continuation of the 10-minute run at the measured median plus the time it waited between its own
// polls. Polling inside one invocation: the real workflow against the simulator on a fake clock, from the
// cancel until it sees the settled status (the 600 s plus its detection lag; each HTTP call moves the fake
// clock 50-100 ms, a few seconds in all); the outcome's Publish, a few ms, is left out.
Console.Error.WriteLine("the same cancellation watched inside one invocation, on a fake clock...");
var inside = await TenMinuteBench.RunInsideAsync();
var continuationCount = tenMinutes.Invocations.Count - 1;
var billedMs = Math.Ceiling(billing.InitMs + billing.FirstInvocationMs)
    + tenMinutes.Invocations.Skip(1).Sum(i => Math.Ceiling(continuationMs + i.WaitingInside.TotalMilliseconds));
var insideMs = Math.Ceiling(billing.InitMs + inside.Watched.TotalMilliseconds);
// Any memory size scales both sides alike; 128 MB keeps the figures comparable with earlier runs.
const double MemoryGb = 0.125;
var continuationGbs = billedMs / 1000 * MemoryGb;
var insideGbs = insideMs / 1000 * MemoryGb;
rows.Add(new("Billed GB-s, 10-minute cancellation: one invocation polling throughout (fake clock) / continuations (measured), init billed, at 128 MB", $"{F(insideGbs / continuationGbs)}x", ">= 20x", insideGbs / continuationGbs >= 20,
    $"{F(insideGbs, "0.00")} vs {F(continuationGbs, "0.00")} GB-s; billed init {F(billing.InitMs, "0")} ms on both; inside: watched {F(inside.Watched.TotalSeconds, "0.0")} s on the fake clock ({inside.GetEnvironmentCalls} GetEnvironment calls, {inside.Outcome}); "
    + $"continuations: first invocation {F(billing.FirstInvocationMs, "0")} ms, continuation median {F(continuationMs, "0")} ms (n={billing.ContinuationMs.Count}) x {continuationCount}, waiting inside continuations {F(tenMinutes.Invocations.Skip(1).Sum(i => i.WaitingInside.TotalSeconds), "0.0")} s"));

PrintTable(rows);

string[] lines =
[
    $"Cold start samples (ms): AOT {string.Join(' ', aotCold.Select(v => F(v)))}; JIT {string.Join(' ', jitCold.Select(v => F(v)))}" + (r2r is null ? string.Empty : $"; JIT ReadyToRun {string.Join(' ', coldSamples[2].Select(v => F(v)))}"),
    $"Detection lags (ms, settle 0.5..10 s): {string.Join(' ', lags.Select(v => F(v, "0")))}",
    $"10-minute run, GetEnvironment calls per invocation: {string.Join(' ', tenMinutes.Invocations.Select(i => i.GetCalls))}",
    continuationColdLine,
    $"Continuation invocations (ms): {string.Join(' ', billing.ContinuationMs.Select(v => F(v)))}; messages queued on moto: {billing.MessagesQueued}",
    LambdaCost.Describe(billedMs, tenMinutes.Invocations.Count),
];
Console.WriteLine();
foreach (var line in lines)
{
    Console.WriteLine(line);
}

if (options.TryGetValue("--json", out var jsonPath))
{
    BenchReport.Save(jsonPath, rows, binaries, lines);
    Console.Error.WriteLine($"wrote {jsonPath}");
}

return rows.All(r => r.Pass) ? 0 : 1;

static void PrintTable(IEnumerable<GoalRow> rows)
{
    Console.WriteLine("| Goal | Measured | Target | Result | Notes |");
    Console.WriteLine("|---|---|---|---|---|");
    foreach (var row in rows)
    {
        Console.WriteLine($"| {row.Goal} | {row.Measured} | {row.Target} | {(row.Pass ? "PASS" : "MISS")} | {row.Notes} |");
    }
}
