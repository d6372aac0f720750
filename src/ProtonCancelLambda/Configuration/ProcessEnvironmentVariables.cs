namespace ProtonCancelLambda.Configuration;

/// <summary>The real process environment, as Lambda sets it.</summary>
public sealed class ProcessEnvironmentVariables : IEnvironmentVariables
{
#pragma warning disable RS0030 // This is the one place allowed to read the process environment.
    public string? Get(string name) => Environment.GetEnvironmentVariable(name);
#pragma warning restore RS0030

    public void Set(string name, string? value) => Environment.SetEnvironmentVariable(name, value);
}
