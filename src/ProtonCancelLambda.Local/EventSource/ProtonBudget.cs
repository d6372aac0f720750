using System.Globalization;
using ProtonCancelLambda.Aws;
using ProtonCancelLambda.Configuration;

namespace ProtonCancelLambda.Local.EventSource;

/// <summary>
/// The shared Proton call budget the function keeps in its idempotency table: at most this many calls a second per
/// operation for the whole fleet, however many instances run (its windows are items whose ids start with
/// <see cref="ItemIdPrefix"/>). An operator sets it to the account's Proton rate; 0 or unset means no budget.
/// </summary>
public sealed record ProtonBudget(double GetEnvironmentPerSecond, double CancelPerSecond)
{
    /// <summary>How the ids of the budget's window items start.</summary>
    public const string ItemIdPrefix = BoundedId.BudgetPrefix;

    /// <summary>
    /// The function's settings for this budget when the simulator runs <paramref name="speed"/> times faster than
    /// the function's real clock: Proton's buckets then refill that much faster per real second, so the budget does.
    /// </summary>
    public IReadOnlyDictionary<string, string> Settings(double speed) => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [SettingNames.ProtonGetEnvironmentPerSecond] = Format(GetEnvironmentPerSecond * speed),
        [SettingNames.ProtonCancelPerSecond] = Format(CancelPerSecond * speed),
    };

    private static string Format(double perSecond) => perSecond.ToString("0.###", CultureInfo.InvariantCulture);
}
