namespace ProtonCancelLambda.Local.Simulator;

/// <summary>One line per request on the optional output, so a user of <c>simulate</c> sees what was asked.</summary>
internal sealed class RequestLog(TextWriter? output, TimeProvider clock)
{
    private readonly Lock _lock = new();

    public void Write(string line)
    {
        if (output is null)
        {
            return;
        }

        lock (_lock)
        {
            output.WriteLine($"{clock.GetUtcNow():HH:mm:ss.fff} {line}");
            output.Flush();
        }
    }
}
