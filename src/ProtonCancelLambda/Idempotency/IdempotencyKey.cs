using System.Security.Cryptography;
using System.Text;

namespace ProtonCancelLambda.Idempotency;

/// <summary>The record's partition key: the requestId itself when short and printable, else its SHA-256.</summary>
public static class IdempotencyKey
{
    private const int MaxPlainLength = 128;

    // A requestId may be 256 characters of any Unicode but control characters; the key stays readable for
    // the usual short ids and fixed-size for the rest. The prefix keeps a hash from equalling a plain id.
    public static string For(string requestId) =>
        requestId.Length is > 0 and <= MaxPlainLength && requestId.All(c => c is >= '!' and <= '~')
            ? requestId
            : "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(requestId)));
}
