namespace ProtonCancelLambda.Idempotency;

/// <summary>
/// The record no longer names this delivery as the request's owner (a continuation took it over, or it has its
/// outcome): whatever this delivery was about to do belongs to the owner now.
/// </summary>
public sealed class NotTheOwnerException : Exception
{
    public NotTheOwnerException()
    {
    }

    public NotTheOwnerException(string message)
        : base(message)
    {
    }

    public NotTheOwnerException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
