using System.Text.RegularExpressions;

namespace ProtonCancelLambda.Requests;

/// <summary>Limits of message schema v1; the name's come from Proton's ResourceName shape.</summary>
public static partial class RequestLimits
{
    /// <summary>Far above any real request (a few hundred bytes) and far below SQS's 256 KiB.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    public const int MaxEnvironmentNameLength = 100;

    public const int MaxTextLength = 1024;

    public const int MaxIdLength = 256;

    public const string EnvironmentNamePatternText = @"^[0-9A-Za-z]+[0-9A-Za-z_\-]*$";

    // The pattern as Proton publishes it ends in '$', which in .NET also matches before a final "\n", so
    // "prod\n" would pass. The check itself anchors at the very end (\z); messages quote Proton's text.
    [GeneratedRegex(@"^[0-9A-Za-z]+[0-9A-Za-z_\-]*\z")]
    public static partial Regex EnvironmentNamePattern();
}
