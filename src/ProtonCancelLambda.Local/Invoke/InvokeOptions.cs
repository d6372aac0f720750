using System.Globalization;

namespace ProtonCancelLambda.Local.Invoke;

/// <summary>
/// The arguments of <c>invoke EVENT.json [--scenario FILE] [--sns-endpoint URL] [--idempotency-table NAME
/// --dynamodb-endpoint URL] [--aot] [--timeout SECONDS] [--follow [--speed N]]</c>.
/// </summary>
internal sealed record InvokeOptions(string EventPath, string? ScenarioPath, Uri? SnsEndpoint, bool Aot, TimeSpan Timeout)
{
    /// <summary>Deliver the function's continuation messages back to it until none is left.</summary>
    public bool Follow { get; init; }

    /// <summary>How many times faster than real time the run's clock goes (1-1000); only with <see cref="Follow"/>.</summary>
    public double Speed { get; init; } = 1;

    /// <summary>The idempotency table to use (created when missing); only with <see cref="DynamoDbEndpoint"/>.</summary>
    public string? IdempotencyTable { get; init; }

    public Uri? DynamoDbEndpoint { get; init; }

    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    public static bool TryParse(IReadOnlyList<string> args, out InvokeOptions options, out string problem)
    {
        options = new InvokeOptions(string.Empty, null, null, false, DefaultTimeout);
        problem = string.Empty;
        string? eventPath = null;
        var timeoutGiven = false;
        for (var i = 0; i < args.Count; i++)
        {
            var value = i + 1 < args.Count ? args[i + 1] : null;
            switch (args[i])
            {
                case "--scenario" when value is not null:
                    options = options with { ScenarioPath = value };
                    i++;
                    break;
                case "--sns-endpoint" when value is not null && Uri.TryCreate(value, UriKind.Absolute, out var uri):
                    options = options with { SnsEndpoint = uri };
                    i++;
                    break;
                case "--idempotency-table" when value is not null:
                    options = options with { IdempotencyTable = value };
                    i++;
                    break;
                case "--dynamodb-endpoint" when value is not null && Uri.TryCreate(value, UriKind.Absolute, out var dynamoDb):
                    options = options with { DynamoDbEndpoint = dynamoDb };
                    i++;
                    break;
                case "--timeout" when value is not null && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds is >= 1 and <= 900:
                    options = options with { Timeout = TimeSpan.FromSeconds(seconds) };
                    timeoutGiven = true;
                    i++;
                    break;
                case "--follow":
                    options = options with { Follow = true };
                    break;
                case "--speed" when value is not null && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var speed) && speed is >= 1 and <= 1000:
                    options = options with { Speed = speed };
                    i++;
                    break;
                case "--aot":
                    options = options with { Aot = true };
                    break;
                case var positional when !positional.StartsWith("--", StringComparison.Ordinal) && eventPath is null:
                    eventPath = positional;
                    break;
                default:
                    problem = $"unexpected or incomplete argument '{args[i]}'.";
                    return false;
            }
        }

        if (eventPath is null)
        {
            problem = "the event file is missing.";
            return false;
        }

        if ((options.IdempotencyTable is null) != (options.DynamoDbEndpoint is null))
        {
            problem = "--idempotency-table and --dynamodb-endpoint go together (a local table on moto, for example).";
            return false;
        }

        options = options with { EventPath = eventPath };
        if (!timeoutGiven && options.Speed > 1)
        {
            // The function's clock runs Speed times faster, but its computing does not: a 1 s pause (the first
            // JIT of the in-process function, a busy machine) would eat 60 simulated seconds at --speed 60 and
            // time out an invocation that Lambda would let finish. So the default timeout is one real minute,
            // up to Lambda's 900 s; the poll window, not the timeout, still decides when a watch hands over.
            options = options with { Timeout = TimeSpan.FromSeconds(Math.Min(900, DefaultTimeout.TotalSeconds * options.Speed)) };
        }

        problem = options switch
        {
            { Speed: not 1, Follow: false } => "--speed goes with --follow.",
            // A faster clock is shared with the function, the simulator and the emulator; neither a separate
            // bootstrap process nor an outside SNS endpoint (which checks signing times on its own clock) can share it.
            { Speed: not 1, Aot: true } => "--speed runs the function in-process; leave out --aot (or --speed).",
            { Speed: not 1, SnsEndpoint: not null } => "--speed needs the embedded SNS sink; leave out --sns-endpoint (or --speed).",
            { Speed: not 1, DynamoDbEndpoint: not null } => "--speed keeps its own clock, which a DynamoDB endpoint checking signing times does not share; leave out --dynamodb-endpoint (or --speed).",
            _ => string.Empty,
        };
        return problem.Length == 0;
    }
}
