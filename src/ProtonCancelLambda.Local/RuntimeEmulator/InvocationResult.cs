namespace ProtonCancelLambda.Local.RuntimeEmulator;

/// <summary>How an invocation ended, as the function reported it to the Runtime API (or as Lambda reports a timeout).</summary>
public sealed record InvocationResult(string RequestId, bool IsError, byte[] Body, string? ContentType, string? ErrorTypeHeader)
{
    /// <summary>Lambda's error type for an invocation not answered by its deadline.</summary>
    public const string TimeoutErrorType = "Sandbox.Timedout";

    public string BodyText => System.Text.Encoding.UTF8.GetString(Body);

    /// <summary>The function did not answer by its deadline; Lambda stopped it.</summary>
    public bool TimedOut => IsError && ErrorTypeHeader == TimeoutErrorType;
}
