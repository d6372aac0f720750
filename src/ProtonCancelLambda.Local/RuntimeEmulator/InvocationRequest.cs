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
