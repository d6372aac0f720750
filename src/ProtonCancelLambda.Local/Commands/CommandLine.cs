namespace ProtonCancelLambda.Local.Commands;

/// <summary>The local tools' commands: <c>invoke</c> and <c>simulate</c> (see README).</summary>
internal static class CommandLine
{
    public const string Usage = """
        usage:
          invoke EVENT.json [--scenario FILE] [--sns-endpoint URL] [--idempotency-table NAME --dynamodb-endpoint URL] [--aot] [--timeout SECONDS] [--follow [--speed N]]
          simulate --port N [--scenario FILE]
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        switch (args.FirstOrDefault())
        {
            case "invoke":
                return await Invoke.InvokeCommand.RunAsync(args[1..], output, error, cancellationToken).ConfigureAwait(false);
            case "simulate":
                return await SimulateCommand.RunAsync(args[1..], output, error, cancellationToken).ConfigureAwait(false);
            default:
                await error.WriteLineAsync(Usage).ConfigureAwait(false);
                return 2;
        }
    }
}
