using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Primitives;

namespace ProtonCancelLambda.Local.Simulator.Signing;

/// <summary>
/// Builds the SigV4 canonical request and string to sign from the request as it arrived, so the signature
/// is recomputed from the bytes the client actually sent (path and query as raw on the wire).
/// </summary>
internal static class CanonicalRequest
{
    public static string Build(
        string method,
        string rawTarget,
        IReadOnlyList<string> signedHeaders,
        Func<string, StringValues> headerValues,
        string payloadHash)
    {
        var queryStart = rawTarget.IndexOf('?', StringComparison.Ordinal);
        var path = queryStart < 0 ? rawTarget : rawTarget[..queryStart];
        var query = queryStart < 0 ? string.Empty : rawTarget[(queryStart + 1)..];

        var builder = new StringBuilder();
        builder.Append(method).Append('\n');
        builder.Append(CanonicalPath(path)).Append('\n');
        builder.Append(CanonicalQuery(query)).Append('\n');
        foreach (var name in signedHeaders)
        {
            builder.Append(name).Append(':').Append(CanonicalHeaderValue(headerValues(name))).Append('\n');
        }

        builder.Append('\n');
        builder.Append(string.Join(';', signedHeaders)).Append('\n');
        builder.Append(payloadHash);
        return builder.ToString();
    }

    public static string StringToSign(string amzDate, string scope, string canonicalRequest) =>
        $"{AuthorizationHeader.Algorithm}\n{amzDate}\n{scope}\n{HexSha256(Encoding.UTF8.GetBytes(canonicalRequest))}";

    public static string Signature(string secret, AuthorizationHeader header, string stringToSign)
    {
        var key = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secret), Encoding.UTF8.GetBytes(header.ScopeDate));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(header.Region));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(header.Service));
        key = HMACSHA256.HashData(key, "aws4_request"u8.ToArray());
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));
    }

    public static string HexSha256(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));

    // Non-S3 services encode each path segment once more on top of the encoding already on the wire.
    private static string CanonicalPath(string path)
    {
        if (path.Length == 0)
        {
            return "/";
        }

        return string.Join('/', path.Split('/').Select(segment => Encode(segment)));
    }

    private static string CanonicalQuery(string query)
    {
        if (query.Length == 0)
        {
            return string.Empty;
        }

        var pairs = query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair =>
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                var name = equals < 0 ? pair : pair[..equals];
                var value = equals < 0 ? string.Empty : pair[(equals + 1)..];
                return (Name: Encode(Uri.UnescapeDataString(name)), Value: Encode(Uri.UnescapeDataString(value)));
            })
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal);
        return string.Join('&', pairs.Select(p => p.Name + "=" + p.Value));
    }

    private static string CanonicalHeaderValue(StringValues values)
    {
        var joined = string.Join(',', values.Select(v => CollapseSpaces((v ?? string.Empty).Trim())));
        return joined;
    }

    private static string CollapseSpaces(string value)
    {
        var builder = new StringBuilder(value.Length);
        var previousSpace = false;
        foreach (var c in value)
        {
            var isSpace = c == ' ';
            if (!(isSpace && previousSpace))
            {
                builder.Append(c);
            }

            previousSpace = isSpace;
        }

        return builder.ToString();
    }

    // RFC 3986 encoding with only the unreserved characters left as they are, as SigV4 requires.
    private static string Encode(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}
