using System.Globalization;

namespace ProtonCancelLambda.Local.EventSource;

/// <summary>
/// The shared Proton call budget the function keeps in its idempotency table: at most this many calls a second per
/// operation for the whole fleet, however many instances run (its one-second windows are items with ids
/// <c>rate#...</c>). An operator sets it to the account's Proton rate; 0 or unset means no budget.
/// </summary>
public sealed record ProtonBudget(double GetEnvironmentPerSecond, double CancelPerSecond)
{
    // The function's setting names (its SettingNames once the budget is on main).
    public const string GetEnvironmentSetting = "PROTON_GET_ENVIRONMENT_PER_SECOND";
    public const string CancelSetting = "PROTON_CANCEL_PER_SECOND";

    /// <summary>How the budget's window items' ids start.</summary>
    public const string ItemIdPrefix = "rate#";

    /// <summary>
    /// The function's settings for this budget when the simulator runs <paramref name="speed"/> times faster than
    /// the function's real clock: Proton's buckets then refill that much faster per real second, so the budget does.
    /// </summary>
    public IReadOnlyDictionary<string, string> Settings(double speed) => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [GetEnvironmentSetting] = Format(GetEnvironmentPerSecond * speed),
        [CancelSetting] = Format(CancelPerSecond * speed),
    };

    private static string Format(double perSecond) => perSecond.ToString("0.###", CultureInfo.InvariantCulture);
}
