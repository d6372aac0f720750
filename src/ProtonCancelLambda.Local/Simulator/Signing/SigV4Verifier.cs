using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace ProtonCancelLambda.Local.Simulator.Signing;

/// <summary>
/// Recomputes the SigV4 signature of a request, as AWS does, and says why it is refused (null: accepted).
/// The signing time is read from a real clock (not the scenario clock) because clients sign with theirs.
/// </summary>
internal sealed class SigV4Verifier(SimulatorCredentials credentials, TimeProvider signingClock)
{
    // AWS accepts a request signed up to 15 minutes either side of its own clock.
    private static readonly TimeSpan AllowedSkew = TimeSpan.FromMinutes(15);

    public SigV4Failure? Verify(HttpRequest request, string rawTarget, byte[] body, string expectedService)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.Length == 0)
        {
            return new(SigV4FailureKind.MissingAuthentication, "Request is missing Authentication Token");
        }

        if (!AuthorizationHeader.TryParse(authorization, out var header, out var problem))
        {
            return new(SigV4FailureKind.IncompleteSignature, problem);
        }

        if (!TryReadSigningTime(request, out var amzDate, out var signedAt))
        {
            return new(SigV4FailureKind.IncompleteSignature, "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
        }

        if (!header.SignedHeaders.Contains("host"))
        {
            return new(SigV4FailureKind.IncompleteSignature, "'Host' must be a 'SignedHeader' in the AWS Authorization.");
        }

        if (!credentials.TryGetSecret(header.AccessKeyId, out var secret))
        {
            return new(SigV4FailureKind.UnknownAccessKey, "The security token included in the request is invalid.");
        }

        return CheckScope(header, amzDate, expectedService)
            ?? CheckTime(amzDate, signedAt)
            ?? CheckSignature(request, rawTarget, body, header, amzDate, secret);
    }

    private static SigV4Failure? CheckScope(AuthorizationHeader header, string amzDate, string expectedService)
    {
        if (header.Service != expectedService)
        {
            return new(SigV4FailureKind.SignatureMismatch, $"Credential should be scoped to correct service: '{expectedService}'. ");
        }

        return header.ScopeDate == amzDate[..8]
            ? null
            : new(SigV4FailureKind.SignatureMismatch, $"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '{header.ScopeDate}' != '{amzDate[..8]}', from '{amzDate}'.");
    }

    private SigV4Failure? CheckTime(string amzDate, DateTimeOffset signedAt)
    {
        var now = signingClock.GetUtcNow();
        var format = "yyyyMMdd'T'HHmmss'Z'";
        if (signedAt < now - AllowedSkew)
        {
            return new(SigV4FailureKind.SignatureMismatch, $"Signature expired: {amzDate} is now earlier than {(now - AllowedSkew).ToString(format, CultureInfo.InvariantCulture)} ({now.ToString(format, CultureInfo.InvariantCulture)} - 15 min.)");
        }

        return signedAt > now + AllowedSkew
            ? new(SigV4FailureKind.SignatureMismatch, $"Signature not yet current: {amzDate} is still later than {(now + AllowedSkew).ToString(format, CultureInfo.InvariantCulture)} ({now.ToString(format, CultureInfo.InvariantCulture)} + 15 min.)")
            : null;
    }

    private static SigV4Failure? CheckSignature(HttpRequest request, string rawTarget, byte[] body, AuthorizationHeader header, string amzDate, string secret)
    {
        var bodyHash = CanonicalRequest.HexSha256(body);
        var declaredHash = request.Headers["x-amz-content-sha256"].ToString();
        if (declaredHash.Length == 64 && !string.Equals(declaredHash, bodyHash, StringComparison.OrdinalIgnoreCase))
        {
            return new(SigV4FailureKind.SignatureMismatch, "The provided 'x-amz-content-sha256' header does not match what was computed.");
        }

        var canonical = CanonicalRequest.Build(
            request.Method,
            rawTarget,
            header.SignedHeaders,
            name => request.Headers[name],
            declaredHash.Length > 0 ? declaredHash : bodyHash);
        var stringToSign = CanonicalRequest.StringToSign(amzDate, header.Scope, canonical);
        var expected = CanonicalRequest.Signature(secret, header, stringToSign);
        if (CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(header.Signature)))
        {
            return null;
        }

        return new(
            SigV4FailureKind.SignatureMismatch,
            "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. "
            + $"Consult the service documentation for details.\n\nThe Canonical String for this request should have been\n'{canonical}'\n\nThe String-to-Sign should have been\n'{stringToSign}'\n");
    }

    private static bool TryReadSigningTime(HttpRequest request, out string amzDate, out DateTimeOffset signedAt)
    {
        amzDate = request.Headers["x-amz-date"].ToString();
        if (amzDate.Length > 0)
        {
            return DateTimeOffset.TryParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out signedAt);
        }

        if (DateTimeOffset.TryParse(request.Headers.Date.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out signedAt))
        {
            amzDate = signedAt.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
            return true;
        }

        return false;
    }
}
