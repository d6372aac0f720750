using System.Security.Cryptography;
using System.Text;

namespace ProtonCancelLambda.Aws;

/// <summary>
/// The one rule for turning a producer's id into an id AWS limits to 128 printable ASCII characters: an SNS or
/// SQS FIFO group or deduplication id, and the idempotency table's key.
/// </summary>
public static class BoundedId
{
    public const string HashPrefix = "sha256:";

    /// <summary>The start of the table keys of the Proton call budget (Pacing/SharedCallBudget), which no request's key may take.</summary>
    public const string BudgetPrefix = "proton-budget#";

    private const int MaxLength = 128;

    /// <summary>
    /// The value itself when it is short and printable (readable for the usual ids), else <c>sha256:</c> and its
    /// hash. A value that already has the hashed form, or the form of a budget key, is hashed too, so no producer's
    /// id can equal the key of another id that was hashed, or of the call budget.
    /// </summary>
    public static string For(string value) =>
        value.Length is > 0 and <= MaxLength && value.All(c => c is >= '!' and <= '~') && !value.StartsWith(HashPrefix, StringComparison.OrdinalIgnoreCase)
        && !value.StartsWith(BudgetPrefix, StringComparison.OrdinalIgnoreCase)
            ? value
            : HashPrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}
