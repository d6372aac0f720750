namespace ProtonCancelLambda.RuntimeApi;

/// <summary>The Runtime API refused a call. <see cref="IsFatal"/>: it answered 500, and the runtime must exit.</summary>
public sealed class RuntimeApiException : Exception
{
    public RuntimeApiException(string message, int statusCode)
        : base(message)
    {
        StatusCode = statusCode;
    }

    public RuntimeApiException()
    {
    }

    public RuntimeApiException(string message)
        : base(message)
    {
    }

    public RuntimeApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public int StatusCode { get; }

    /// <summary>The spec: "Container error. Non-recoverable state. Runtime should exit promptly."</summary>
    public bool IsFatal => StatusCode >= 500;
}
