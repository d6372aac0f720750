using ProtonCancelLambda;
using ProtonCancelLambda.Configuration;

return await LambdaFunction.RunAsync(new ProcessEnvironmentVariables(), Console.Out, CancellationToken.None).ConfigureAwait(false);
