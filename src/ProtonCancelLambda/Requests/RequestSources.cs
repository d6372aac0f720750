namespace ProtonCancelLambda.Requests;

/// <summary>Where a request came from, as the event handlers name it: the outcome's <c>source</c> values, also kept in a continuation's watch.</summary>
public static class RequestSources
{
    public const string Sqs = "sqs";
    public const string EventBridge = "eventbridge";
}
