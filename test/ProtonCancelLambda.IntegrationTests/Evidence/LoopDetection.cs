using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ProtonCancelLambda.IntegrationTests.Evidence;

/// <summary>
/// Lambda's recursive loop detection, as the event source plays it. Lambda follows a chain Lambda -> SQS -> the
/// same Lambda through the X-Ray trace header (no active tracing needed): it passes the invocation a trace header
/// whose <c>Lineage</c> counts how often this function was invoked in the chain (<c>Lineage=HASH:COUNT</c>, one
/// entry per function, <c>|</c> between them), SQS keeps what the function sent as the message's
/// <c>AWSTraceHeader</c>, and a message whose chain already reached about 16 invocations is not invoked but sent
/// to the dead-letter queue, unless the function's <c>RecursiveLoop</c> is <c>Allow</c>. A batch is invoked with
/// the first message's root and the highest count of its messages (plus one): a conservative reading, since a
/// batch carries one trace header.
/// </summary>
public sealed class LoopDetection(string functionArn, bool allowed, int maxInvocations = 16)
{
    private readonly string _hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(functionArn)))[..8];

    public bool Allowed => allowed;

    /// <summary>Invocations of this function so far in the chain the header belongs to (0 for a fresh one).</summary>
    public int InvocationsIn(string? traceHeader)
    {
        var lineage = Field(traceHeader, "Lineage");
        if (lineage is null)
        {
            return 0;
        }

        foreach (var entry in lineage.Split('|'))
        {
            var parts = entry.Split(':');
            if (parts.Length == 2 && parts[0] == _hash && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            {
                return count;
            }
        }

        return 0;
    }

    /// <summary>True when Lambda would stop this message instead of invoking the function with it.</summary>
    public bool Stops(string? traceHeader) => !allowed && InvocationsIn(traceHeader) >= maxInvocations;

    /// <summary>The Lambda-Runtime-Trace-Id for invoking with these messages: the chain's root kept, one more invocation counted.</summary>
    public string TraceFor(IReadOnlyList<string?> traceHeaders)
    {
        var root = traceHeaders.Select(h => Field(h, "Root")).FirstOrDefault(r => r is not null) ?? NewRoot();
        var invocations = traceHeaders.Count == 0 ? 1 : traceHeaders.Max(InvocationsIn) + 1;
        var parent = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        return $"Root={root};Parent={parent};Sampled=0;Lineage={_hash}:{invocations.ToString(CultureInfo.InvariantCulture)}";
    }

    private static string? Field(string? traceHeader, string name) =>
        traceHeader?.Split(';').Select(part => part.Trim()).FirstOrDefault(part => part.StartsWith(name + "=", StringComparison.Ordinal))?[(name.Length + 1)..];

    private static string NewRoot() =>
        $"1-{DateTimeOffset.UtcNow.ToUnixTimeSeconds():x8}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12))}";
}
