namespace ProtonCancelLambda.Tests.Simulation;

/// <summary>
/// The schedule's every decision, read in order from a list of numbers that CsCheck generates and shrinks.
/// Past the end of the list every draw is 0, which always means the benign choice (no fault, shortest
/// latency): a shorter list, or smaller numbers, is a calmer schedule, so shrinking finds the fewest faults
/// that still break an invariant.
/// </summary>
internal sealed class SimChoices(int[] values)
{
    public const int Range = 1_000_000;

    private int _next;

    /// <summary>How many decisions the schedule made.</summary>
    public int Used => _next;

    public int Draw(int bound) => _next < values.Length ? values[_next++] % bound : Skip();

    /// <summary>True with <paramref name="perMille"/> / 1000; the draw 0 is always false.</summary>
    public bool Chance(int perMille) => Draw(1000) >= 1000 - perMille;

    public int Between(int min, int max) => min + Draw(max - min + 1);

    public TimeSpan Milliseconds(int min, int max) => TimeSpan.FromMilliseconds(Between(min, max));

    public TimeSpan Seconds(int min, int max) => TimeSpan.FromSeconds(Between(min, max));

    /// <summary>The function's poll jitter, in [0, 1).</summary>
    public double Fraction() => Draw(Range) / (double)Range;

    private int Skip()
    {
        _next++;
        return 0;
    }
}
