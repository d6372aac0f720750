namespace ProtonCancelLambda.Local;

/// <summary>The local tools' exit codes (README of the local tools).</summary>
internal static class ExitCodes
{
    /// <summary>Every invocation completed (whatever the outcomes); <c>simulate</c> stopped.</summary>
    public const int Success = 0;

    /// <summary>
    /// <c>invoke</c>: the function failed to start, did not answer, or answered with an error; <c>simulate</c>: the port cannot be used.
    /// </summary>
    public const int Failed = 1;

    /// <summary>A bad argument, an unreadable event or scenario file.</summary>
    public const int Usage = 2;
}
