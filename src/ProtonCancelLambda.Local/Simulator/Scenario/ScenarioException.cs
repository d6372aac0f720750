namespace ProtonCancelLambda.Local.Simulator.Scenario;

/// <summary>A scenario file that cannot be used; the message names the problem and where it is.</summary>
public sealed class ScenarioException : Exception
{
    public ScenarioException()
    {
    }

    public ScenarioException(string message)
        : base(message)
    {
    }

    public ScenarioException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
