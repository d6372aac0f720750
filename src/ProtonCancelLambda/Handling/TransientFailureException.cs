namespace ProtonCancelLambda.Handling;

/// <summary>
/// An EventBridge request hit a transient fault that outlived its retries. Failing the invocation hands it
/// to Lambda's asynchronous retries and then the rule's dead-letter queue, so it is not lost.
/// </summary>
public sealed class TransientFailureException : Exception
{
    public TransientFailureException()
    {
    }

    public TransientFailureException(string message)
        : base(message)
    {
    }

    public TransientFailureException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
