using System.Globalization;

namespace ProtonCancelLambda.Tests.Races;

/// <summary>Events as Lambda delivers them, for the race tests.</summary>
internal static class RaceEvents
{
    /// <summary>An EventBridge event whose <c>time</c> (whole seconds, as EventBridge writes it) is <paramref name="time"/>.</summary>
    public static string EventBridge(DateTimeOffset time, string detail)
    {
        var seconds = time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return $$"""
            {"version":"0","id":"evt-{{Guid.NewGuid():N}}","detail-type":"Proton Environment Deployment Cancel Requested","source":"rollback.pipeline",
             "account":"123456789012","time":"{{seconds}}","region":"us-east-1","resources":[],"detail":{{detail}}}
            """;
    }

    /// <summary>ISO 8601 in UTC with milliseconds, as producers are asked to write it.</summary>
    public static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>A request body with an explicit requestedAt (and optionally an expected deployment).</summary>
    public static string Request(string requestId, DateTimeOffset? requestedAt = null, string? expectedDeploymentId = null, string environmentName = "prod-network", string? requestedAtText = null)
    {
        var fields = new List<string> { $"\"environmentName\":\"{environmentName}\"", $"\"requestId\":\"{requestId}\"", "\"reason\":\"canary alarm\"" };
        if ((requestedAtText ?? (requestedAt is { } at ? Iso(at) : null)) is { } text)
        {
            fields.Add($"\"requestedAt\":\"{text}\"");
        }

        if (expectedDeploymentId is not null)
        {
            fields.Add($"\"expectedDeploymentId\":\"{expectedDeploymentId}\"");
        }

        return "{" + string.Join(",", fields) + "}";
    }
}
