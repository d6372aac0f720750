namespace ProtonCancelLambda.Local.Simulator.Protocol;

/// <summary>An AWS error the simulator answers with: <c>__type</c>, message and HTTP status.</summary>
internal sealed class ProtonException : Exception
{
    public ProtonException()
        : this(ProtonErrors.InternalServer, "Internal error.")
    {
    }

    public ProtonException(string message)
        : this(ProtonErrors.Validation, message)
    {
    }

    public ProtonException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = ProtonErrors.InternalServer;
    }

    public ProtonException(string code, string message)
        : base(message)
    {
        Code = code;
    }

    public string Code { get; }

    public int StatusCode => ProtonErrors.StatusCode(Code);
}
