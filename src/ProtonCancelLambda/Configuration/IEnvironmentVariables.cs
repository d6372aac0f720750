namespace ProtonCancelLambda.Configuration;

/// <summary>
/// The process environment, behind an interface so that the function can run in-process (tests, the
/// local emulator) with its own variables and without touching process-wide state.
/// </summary>
public interface IEnvironmentVariables
{
    string? Get(string name);

    void Set(string name, string? value);
}
