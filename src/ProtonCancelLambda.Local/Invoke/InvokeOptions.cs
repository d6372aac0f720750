namespace ProtonCancelLambda.Local.Invoke;

/// <summary>
/// What <c>invoke</c> was asked to do (Commands/InvokeCommandLine.cs reads it from the command line), or
/// the <see cref="Problem"/> that makes the combination unusable.
/// </summary>
internal sealed record InvokeOptions(string EventPath, string? ScenarioPath, Uri? SnsEndpoint, bool Aot, TimeSpan Timeout)
{
    public const double MinTimeoutSeconds = 1;
    public const double MaxTimeoutSeconds = 900;
    public const double MinSpeed = 1;
    public const double MaxSpeed = 1000;

    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Deliver the function's continuation messages back to it until none is left.</summary>
    public bool Follow { get; init; }

    /// <summary>How many times faster than real time the run's clock goes (1-1000); only with <see cref="Follow"/>.</summary>
    public double Speed { get; init; } = 1;

    /// <summary>The idempotency table to use (created when missing); only with <see cref="DynamoDbEndpoint"/>.</summary>
    public string? IdempotencyTable { get; init; }

    public Uri? DynamoDbEndpoint { get; init; }

    /// <summary>Why these options cannot run, naming the flags; null when they can.</summary>
    public string? Problem { get; init; }

    public static InvokeOptions Invalid(string problem) => new(string.Empty, null, null, false, DefaultTimeout) { Problem = problem };

    public static InvokeOptions From(
        string eventPath, string? scenarioPath, Uri? snsEndpoint, bool aot, double? timeoutSeconds, bool follow, double? speed, string? idempotencyTable, Uri? dynamoDbEndpoint)
    {
        var options = new InvokeOptions(eventPath, scenarioPath, snsEndpoint, aot, DefaultTimeout)
        {
            Follow = follow,
            Speed = speed ?? 1,
            IdempotencyTable = idempotencyTable,
            DynamoDbEndpoint = dynamoDbEndpoint,
        };
        options = options with
        {
            // The function's clock runs Speed times faster, but its computing does not: a 1 s pause (the first
            // JIT of the in-process function, a busy machine) would eat 60 simulated seconds at --speed 60 and
            // time out an invocation that Lambda would let finish. So the default timeout is one real minute,
            // up to Lambda's 900 s; the poll window, not the timeout, still decides when a watch hands over.
            Timeout = TimeSpan.FromSeconds(timeoutSeconds ?? Math.Min(MaxTimeoutSeconds, DefaultTimeout.TotalSeconds * options.Speed)),
        };
        return options with
        {
            Problem = options switch
            {
                { IdempotencyTable: null, DynamoDbEndpoint: not null } or { IdempotencyTable: not null, DynamoDbEndpoint: null } =>
                    "--idempotency-table and --dynamodb-endpoint go together (a local table on moto, for example).",
                { Speed: not 1, Follow: false } => "--speed goes with --follow.",
                // A faster clock is shared with the function, the simulator and the emulator; neither a separate
                // bootstrap process nor an outside SNS endpoint (which checks signing times on its own clock) can share it.
                { Speed: not 1, Aot: true } => "--speed runs the function in-process; leave out --aot (or --speed).",
                { Speed: not 1, SnsEndpoint: not null } => "--speed needs the embedded SNS sink; leave out --sns-endpoint (or --speed).",
                { Speed: not 1, DynamoDbEndpoint: not null } => "--speed keeps its own clock, which a DynamoDB endpoint checking signing times does not share; leave out --dynamodb-endpoint (or --speed).",
                _ => null,
            },
        };
    }
}
