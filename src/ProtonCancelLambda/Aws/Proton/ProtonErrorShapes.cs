namespace ProtonCancelLambda.Aws.Proton;

// The six error shapes of the Proton model; ProtonProtocol.CreateException picks one from the wire error code.

/// <summary><c>ValidationException</c>: The input is invalid (a 400 in the model); also what the simulator returns for a cancel with nothing in progress.</summary>
public sealed class ProtonValidationException : ProtonException
{
    public const string Code = "ValidationException";

    public ProtonValidationException(string message, int? statusCode, bool isRetryable, Exception? innerException = null)
        : base(Code, message, statusCode, isRetryable, innerException)
    {
    }

    public ProtonValidationException()
    {
    }

    public ProtonValidationException(string message)
        : base(message)
    {
    }

    public ProtonValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary><c>AccessDeniedException</c>: The caller lacks permission; a retry cannot fix it.</summary>
public sealed class ProtonAccessDeniedException : ProtonException
{
    public const string Code = "AccessDeniedException";

    public ProtonAccessDeniedException(string message, int? statusCode, bool isRetryable, Exception? innerException = null)
        : base(Code, message, statusCode, isRetryable, innerException)
    {
    }

    public ProtonAccessDeniedException()
    {
    }

    public ProtonAccessDeniedException(string message)
        : base(message)
    {
    }

    public ProtonAccessDeniedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary><c>ThrottlingException</c>: Proton throttled the call; retryable with backoff.</summary>
public sealed class ProtonThrottlingException : ProtonException
{
    public const string Code = "ThrottlingException";

    public ProtonThrottlingException(string message, int? statusCode, bool isRetryable, Exception? innerException = null)
        : base(Code, message, statusCode, isRetryable, innerException)
    {
    }

    public ProtonThrottlingException()
    {
    }

    public ProtonThrottlingException(string message)
        : base(message)
    {
    }

    public ProtonThrottlingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary><c>ConflictException</c>: The request conflicts with the resource's current state.</summary>
public sealed class ProtonConflictException : ProtonException
{
    public const string Code = "ConflictException";

    public ProtonConflictException(string message, int? statusCode, bool isRetryable, Exception? innerException = null)
        : base(Code, message, statusCode, isRetryable, innerException)
    {
    }

    public ProtonConflictException()
    {
    }

    public ProtonConflictException(string message)
        : base(message)
    {
    }

    public ProtonConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary><c>ResourceNotFoundException</c>: No such environment.</summary>
public sealed class ProtonResourceNotFoundException : ProtonException
{
    public const string Code = "ResourceNotFoundException";

    public ProtonResourceNotFoundException(string message, int? statusCode, bool isRetryable, Exception? innerException = null)
        : base(Code, message, statusCode, isRetryable, innerException)
    {
    }

    public ProtonResourceNotFoundException()
    {
    }

    public ProtonResourceNotFoundException(string message)
        : base(message)
    {
    }

    public ProtonResourceNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary><c>InternalServerException</c>: A fault on Proton's side; retryable.</summary>
public sealed class ProtonInternalServerException : ProtonException
{
    public const string Code = "InternalServerException";

    public ProtonInternalServerException(string message, int? statusCode, bool isRetryable, Exception? innerException = null)
        : base(Code, message, statusCode, isRetryable, innerException)
    {
    }

    public ProtonInternalServerException()
    {
    }

    public ProtonInternalServerException(string message)
        : base(message)
    {
    }

    public ProtonInternalServerException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
