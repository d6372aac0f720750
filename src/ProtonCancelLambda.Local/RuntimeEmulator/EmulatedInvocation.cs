namespace ProtonCancelLambda.Local.RuntimeEmulator;

/// <summary>What to invoke the function with; the emulator fills in the Runtime API headers from it.</summary>
public sealed record InvocationRequest(byte[] Payload)
{
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    public string FunctionArn { get; init; } = "arn:aws:lambda:us-east-1:123456789012:function:ProtonCancelFunction";

    public string? TraceId { get; init; } = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";

    public string? ClientContext { get; init; }

    public string? CognitoIdentity { get; init; }
}

/// <summary>How an invocation ended, as the function reported it to the Runtime API (or as Lambda reports a timeout).</summary>
public sealed record InvocationResult(string RequestId, bool IsError, byte[] Body, string? ContentType, string? ErrorTypeHeader)
{
    /// <summary>Lambda's error type for an invocation not answered by its deadline.</summary>
    public const string TimeoutErrorType = "Sandbox.Timedout";

    public string BodyText => System.Text.Encoding.UTF8.GetString(Body);

    /// <summary>The function did not answer by its deadline; Lambda stopped it.</summary>
    public bool TimedOut => IsError && ErrorTypeHeader == TimeoutErrorType;
}

/// <summary>An error the function posted to <c>/runtime/init/error</c>.</summary>
public sealed record InitErrorReport(byte[] Body, string? ContentType, string? ErrorTypeHeader)
{
    public string BodyText => System.Text.Encoding.UTF8.GetString(Body);
}

/// <summary>An invocation that reached its deadline unanswered, and when its runtime took it.</summary>
public sealed record InvocationTimeout(InvocationResult Result, DateTimeOffset ServedAt);
