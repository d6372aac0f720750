using System.Security.Cryptography;
using System.Text;

namespace ProtonCancelLambda.Aws;

/// <summary>The FIFO rules SNS topics and SQS queues share: the name suffix, and what a group or deduplication id may hold.</summary>
public static class Fifo
{
    private const int MaxIdLength = 128;

    /// <summary>Whether the topic ARN, queue URL or queue ARN names a FIFO topic or queue.</summary>
    public static bool Names(string arnOrUrl) => arnOrUrl.EndsWith(".fifo", StringComparison.Ordinal);

    /// <summary>
    /// FIFO ids allow at most 128 printable ASCII characters; any other id is replaced by its SHA-256, which
    /// keeps deduplication exact.
    /// </summary>
    public static string Id(string value) =>
        value.Length is > 0 and <= MaxIdLength && value.All(c => c is >= '!' and <= '~')
            ? value
            : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}
