namespace ProtonCancelLambda.Aws.Http;

/// <summary>
/// The time requests are signed with: the injected clock plus this client's own skew correction.
/// Per client rather than AWSConfigs.ManualClockCorrection, which is process-wide: a simulator with a wrong
/// clock must not skew the signatures of every other client in the process (or in a parallel test).
/// </summary>
internal sealed class SigningClock
{
    private readonly TimeProvider _time;
    private long _offsetTicks;

    public SigningClock(TimeProvider time)
    {
        _time = time;
    }

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public DateTimeOffset UtcNow => _time.GetUtcNow() + Offset;

    /// <summary>Adopts the server's clock from a response's Date header; false when the response had none.</summary>
    public bool TryCorrect(DateTimeOffset? serverTime)
    {
        if (serverTime is not { } server)
        {
            return false;
        }

        Interlocked.Exchange(ref _offsetTicks, (server - _time.GetUtcNow()).Ticks);
        return true;
    }
}
