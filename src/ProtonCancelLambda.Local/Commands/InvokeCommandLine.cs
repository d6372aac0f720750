using System.CommandLine;
using ProtonCancelLambda.Local.Invoke;

namespace ProtonCancelLambda.Local.Commands;

/// <summary>The <c>invoke</c> command's arguments and their help; what they mean together is <see cref="InvokeOptions"/>.</summary>
internal sealed class InvokeCommandLine
{
    private readonly Argument<string> _event = new("EVENT.json")
    {
        Description = "An SQS or EventBridge event as Lambda passes it (samples in events/), not a bare request body.",
    };

    private readonly Option<string?> _scenario = new("--scenario")
    {
        Description = "The simulated environments and faults (a scenario file); without it, the simulator's default world.",
        HelpName = "FILE",
    };

    private readonly Option<Uri?> _snsEndpoint = OptionValues.AbsoluteUrl(
        "--sns-endpoint",
        "Publish to this SNS-compatible endpoint (moto, for example) instead of the embedded sink; the outcomes are read back from it.");

    private readonly Option<string?> _idempotencyTable = new("--idempotency-table")
    {
        Description = "Run with this idempotency table (created when missing) on --dynamodb-endpoint; the two go together.",
        HelpName = "NAME",
    };

    private readonly Option<Uri?> _dynamoDbEndpoint = OptionValues.AbsoluteUrl(
        "--dynamodb-endpoint",
        "The DynamoDB-compatible endpoint (moto, for example) of --idempotency-table.");

    private readonly Option<bool> _aot = new("--aot")
    {
        Description = "Run the published Native AOT bootstrap (BOOTSTRAP_PATH, else artifacts/publish/bootstrap, published when missing) instead of the function in-process.",
    };

    private readonly Option<double?> _timeout = OptionValues.Number(
        "--timeout",
        "SECONDS",
        "The function timeout of each invocation (default 60; with --speed N, 60 x N up to 900).",
        InvokeOptions.MinTimeoutSeconds,
        InvokeOptions.MaxTimeoutSeconds);

    private readonly Option<bool> _follow = new("--follow")
    {
        Description = "Also run the hand-over: continuation messages go to a local request queue and are delivered again once their delay has passed.",
    };

    private readonly Option<double?> _speed = OptionValues.Number(
        "--speed",
        "N",
        "With --follow: the function, simulator and emulator share one clock this many times faster than real time. Not with --aot, --sns-endpoint or --dynamodb-endpoint.",
        InvokeOptions.MinSpeed,
        InvokeOptions.MaxSpeed);

    private InvokeCommandLine()
    {
    }

    /// <summary>The <c>invoke</c> command, whose action runs <see cref="InvokeCommand"/>.</summary>
    public static Command Create()
    {
        var line = new InvokeCommandLine();
        var command = line.Definition();
        command.SetAction(async (result, cancellationToken) =>
        {
            var options = line.Read(result);
            var configuration = result.InvocationConfiguration;
            return options.Problem is { } problem
                ? await OptionValues.ReportUsageErrorAsync(result, [problem], configuration.Error).ConfigureAwait(false)
                : await InvokeCommand.RunAsync(options, configuration.Output, configuration.Error, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>Parses <paramref name="args"/> (what follows <c>invoke</c>) into options, or says what is wrong.</summary>
    public static InvokeOptions Parse(IReadOnlyList<string> args)
    {
        var line = new InvokeCommandLine();
        var result = line.Definition().Parse(args);
        return result.Errors.Count > 0 ? InvokeOptions.Invalid(result.Errors[0].Message) : line.Read(result);
    }

    private Command Definition() => new("invoke", "Run the function once on an event against the embedded Proton simulator and SNS sink, through the Lambda Runtime API emulator.")
    {
        _event, _scenario, _snsEndpoint, _idempotencyTable, _dynamoDbEndpoint, _aot, _timeout, _follow, _speed,
    };

    private InvokeOptions Read(ParseResult result) => InvokeOptions.From(
        result.GetRequiredValue(_event),
        result.GetValue(_scenario),
        result.GetValue(_snsEndpoint),
        result.GetValue(_aot),
        result.GetValue(_timeout),
        result.GetValue(_follow),
        result.GetValue(_speed),
        result.GetValue(_idempotencyTable),
        result.GetValue(_dynamoDbEndpoint));
}
