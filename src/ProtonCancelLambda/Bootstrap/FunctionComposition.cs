using ProtonCancelLambda.Configuration;
using ProtonCancelLambda.Handling;
using ProtonCancelLambda.Logging;

namespace ProtonCancelLambda.Bootstrap;

/// <summary>The one place where the function's parts, and its AWS clients, are created and wired.</summary>
internal static class FunctionComposition
{
    public static IInvocationHandler CreateHandler(FunctionSettings settings, IEnvironmentVariables environment, LambdaLogger logger, TimeProvider clock)
    {
        _ = environment;
        _ = clock;
        var processor = new LoggingRequestProcessor(logger);
        return new FunctionHandler(new SqsBatchHandler(processor, settings.MaxConcurrency, logger), new EventBridgeHandler(processor));
    }
}
