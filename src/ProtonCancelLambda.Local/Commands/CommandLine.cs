using System.CommandLine;
using System.CommandLine.Invocation;
using ProtonCancelLambda.Local.Invoke;

namespace ProtonCancelLambda.Local.Commands;

/// <summary>
/// The local tools' commands, <c>invoke</c> and <c>simulate</c> (README), on System.CommandLine: <c>--help</c>
/// on each prints every option with its description and exits 0; a bad argument names itself and exits 2.
/// </summary>
internal static class CommandLine
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var root = new RootCommand("ProtonCancelLambda on this machine: the function against an embedded Proton simulator and SNS sink.")
        {
            InvokeCommandLine.Create(),
            SimulateCommand.Create(),
        };
        var result = root.Parse(args);
        if (result.Action is ParseErrorAction)
        {
            return await OptionValues.ReportUsageErrorAsync(result, result.Errors.Select(e => e.Message), error).ConfigureAwait(false);
        }

        var configuration = new InvocationConfiguration { Output = output, Error = error };
        return await result.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
    }
}
