using System.Diagnostics.CodeAnalysis;

namespace ProtonCancelLambda.Local.Simulator.Signing;

/// <summary>The parts of an <c>AWS4-HMAC-SHA256</c> Authorization header.</summary>
internal sealed record AuthorizationHeader(
    string AccessKeyId,
    string ScopeDate,
    string Region,
    string Service,
    IReadOnlyList<string> SignedHeaders,
    string Signature)
{
    public const string Algorithm = "AWS4-HMAC-SHA256";

    public string Scope => $"{ScopeDate}/{Region}/{Service}/aws4_request";

    public static bool TryParse(string value, [NotNullWhen(true)] out AuthorizationHeader? header, out string problem)
    {
        header = null;
        if (!value.StartsWith(Algorithm + " ", StringComparison.Ordinal))
        {
            problem = $"Authorization header requires the '{Algorithm}' algorithm.";
            return false;
        }

        var parts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in value[(Algorithm.Length + 1)..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                parts[part[..equals]] = part[(equals + 1)..];
            }
        }

        foreach (var required in new[] { "Credential", "SignedHeaders", "Signature" })
        {
            if (!parts.ContainsKey(required))
            {
                problem = $"Authorization header requires '{required}' parameter. Authorization={value}";
                return false;
            }
        }

        var credential = parts["Credential"].Split('/');
        if (credential.Length != 5 || credential[4] != "aws4_request" || credential.Any(string.IsNullOrEmpty))
        {
            problem = $"Credential should be scoped to a valid region, service and date, and end with 'aws4_request'. Credential={parts["Credential"]}";
            return false;
        }

        header = new AuthorizationHeader(
            credential[0],
            credential[1],
            credential[2],
            credential[3],
            parts["SignedHeaders"].Split(';'),
            parts["Signature"]);
        problem = string.Empty;
        return true;
    }
}
