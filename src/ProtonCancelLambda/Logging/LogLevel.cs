namespace ProtonCancelLambda.Logging;

/// <summary>The levels of Lambda's advanced logging controls, lowest first.</summary>
public enum LogLevel
{
    Trace,
    Debug,
    Info,
    Warn,
    Error,
    Fatal,
}
