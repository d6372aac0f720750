namespace ProtonCancelLambda.Local.Sns;

/// <summary>How the sink misbehaves while a fault is switched on (for fault-injection tests).</summary>
public enum SnsFaultKind
{
    None,

    /// <summary>500 <c>InternalError</c> (Receiver).</summary>
    InternalError,

    /// <summary>429 <c>Throttled</c>, as SNS answers when a publish rate is exceeded.</summary>
    Throttled,

    /// <summary>The connection is dropped without an answer, as if the endpoint were unreachable.</summary>
    Unreachable,

    /// <summary>The request is held, unanswered, until the client gives up (an attempt timeout).</summary>
    Hang,
}

/// <summary>A switch a test flips: fail the next <c>count</c> Publish calls with <c>kind</c>, or all of them.</summary>
public sealed class SnsFaultSwitch
{
    private readonly Lock _lock = new();
    private SnsFaultKind _kind;
    private int? _remaining;

    /// <summary>Fails the next <paramref name="count"/> publishes (null: every publish until <see cref="Clear"/>).</summary>
    public void Set(SnsFaultKind kind, int? count = null)
    {
        lock (_lock)
        {
            _kind = kind;
            _remaining = count;
        }
    }

    public void Clear() => Set(SnsFaultKind.None);

    internal SnsFaultKind Take()
    {
        lock (_lock)
        {
            if (_kind == SnsFaultKind.None)
            {
                return SnsFaultKind.None;
            }

            var kind = _kind;
            if (_remaining is { } remaining)
            {
                _remaining = remaining - 1;
                if (_remaining <= 0)
                {
                    _kind = SnsFaultKind.None;
                    _remaining = null;
                }
            }

            return kind;
        }
    }
}
