using System.Globalization;
using System.Text.RegularExpressions;

namespace ProtonCancelLambda.Local.EventSource;

/// <summary>
/// What template.yaml tells Lambda's SQS event source and the function's execution environments, read from the
/// template itself so that every local event source (<c>invoke --follow</c>, the fleet, the tests) follows what is
/// deployed: the mapping's batch size, batching window and most concurrent instances (the parameters' defaults),
/// the request queue's visibility timeout and <c>maxReceiveCount</c>, the function's timeout, memory and
/// <c>RecursiveLoop</c> (Lambda's default is <c>Terminate</c>). A plain line scan: the template's layout is ours
/// and fixed. Each name the template gives a rule is written once, here.
/// </summary>
public sealed record TemplateRules(string RecursiveLoop, int MaxReceiveCount)
{
    private const string FunctionResource = "ProtonCancelFunction";
    private const string QueueResource = "RequestQueue";
    private const string ConcurrencyParameter = "QueueMaximumConcurrency";
    private const string BatchSizeParameter = "BatchSize";
    private const string BatchingWindowParameter = "BatchingWindowSeconds";

    public int BatchSize { get; init; } = 10;

    public TimeSpan BatchingWindow { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The mapping's <c>ScalingConfig.MaximumConcurrency</c>: most execution environments at once.</summary>
    public int MaximumConcurrency { get; init; } = 5;

    public TimeSpan VisibilityTimeout { get; init; } = TimeSpan.FromSeconds(420);

    public TimeSpan FunctionTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public int MemorySizeMb { get; init; } = 256;

    public bool AllowsRecursion => RecursiveLoop == "Allow";

    /// <summary>The rules of the template.yaml in the clone whose root is <paramref name="repositoryRoot"/>.</summary>
    public static TemplateRules FromRepository(string repositoryRoot) => Parse(File.ReadAllLines(Path.Combine(repositoryRoot, "template.yaml")));

    public static TemplateRules Parse(IReadOnlyList<string> lines)
    {
        var function = Resource(lines, FunctionResource);
        var queue = Resource(lines, QueueResource);
        return new TemplateRules(Value(function, "RecursiveLoop") ?? "Terminate", Number(queue, "maxReceiveCount"))
        {
            BatchSize = Number(Resource(lines, BatchSizeParameter), "Default"),
            BatchingWindow = TimeSpan.FromSeconds(Number(Resource(lines, BatchingWindowParameter), "Default")),
            MaximumConcurrency = Number(Resource(lines, ConcurrencyParameter), "Default"),
            VisibilityTimeout = TimeSpan.FromSeconds(Number(queue, "VisibilityTimeout")),
            FunctionTimeout = TimeSpan.FromSeconds(Number(function, "Timeout")),
            MemorySizeMb = Number(function, "MemorySize"),
        };
    }

    /// <summary>The lines of one resource or parameter: from <c>  NAME:</c> to the next line indented by two spaces.</summary>
    private static List<string> Resource(IReadOnlyList<string> lines, string name)
    {
        var start = lines.ToList().FindIndex(line => line == $"  {name}:");
        if (start < 0)
        {
            throw new InvalidDataException($"template.yaml has no resource or parameter {name}.");
        }

        return lines.Skip(start + 1).TakeWhile(line => line.Length == 0 || line.StartsWith("   ", StringComparison.Ordinal) || line.TrimStart().StartsWith('#')).ToList();
    }

    private static int Number(List<string> resource, string key) =>
        int.Parse(Value(resource, key) ?? throw new InvalidDataException($"template.yaml: no {key} where the local event source reads it."), CultureInfo.InvariantCulture);

    private static string? Value(List<string> resource, string key) =>
        resource.Select(line => Regex.Match(line, $@"^\s+{key}:\s*([A-Za-z0-9]+)\s*(#.*)?$")).FirstOrDefault(m => m.Success)?.Groups[1].Value;
}
