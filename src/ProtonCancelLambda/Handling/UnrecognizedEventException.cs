namespace ProtonCancelLambda.Handling;

/// <summary>The payload is neither an SQS batch nor an EventBridge event; reported as the invocation's error.</summary>
public sealed class UnrecognizedEventException : Exception
{
    public UnrecognizedEventException()
    {
    }

    public UnrecognizedEventException(string message)
        : base(message)
    {
    }

    public UnrecognizedEventException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
