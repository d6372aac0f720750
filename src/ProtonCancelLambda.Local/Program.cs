using ProtonCancelLambda.Local.Commands;

return await CommandLine.RunAsync(args, Console.Out, Console.Error, CancellationToken.None).ConfigureAwait(false);
