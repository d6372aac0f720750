namespace ProtonCancelLambda.Aws.Http;

/// <summary>
/// Errors that say our signing clock is off (as botocore and the .NET SDK recognise them). A retry with the
/// clock corrected from the response's Date header can succeed where a plain retry never would.
/// </summary>
internal static class ClockSkewErrors
{
    private static readonly string[] AlwaysSkew = ["RequestTimeTooSkewed", "RequestExpired", "RequestInTheFuture"];

    // These codes also mean a wrong secret or a mangled request; only their skew wording says "clock".
    private static readonly string[] SkewWhenWorded = ["InvalidSignatureException", "SignatureDoesNotMatch", "AuthFailure", "InvalidSignature"];

    private static readonly string[] SkewWording = ["signature expired", "signature not yet current", "skew"];

    public static bool IsClockSkew(string code, string message)
    {
        if (AlwaysSkew.Contains(code, StringComparer.Ordinal))
        {
            return true;
        }

        return SkewWhenWorded.Contains(code, StringComparer.Ordinal)
            && SkewWording.Any(w => message.Contains(w, StringComparison.OrdinalIgnoreCase));
    }
}
