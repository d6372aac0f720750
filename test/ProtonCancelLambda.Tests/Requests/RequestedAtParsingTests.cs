using ProtonCancelLambda.Requests;

namespace ProtonCancelLambda.Tests.Requests;

public class RequestedAtParsingTests
{
    [Theory]
    [InlineData("2026-11-24T10:00:00Z", "2026-11-24T10:00:00+00:00")]
    [InlineData("2026-11-24T11:00:00.250+01:00", "2026-11-24T10:00:00.25+00:00")]
    [InlineData("2026-11-24t10:00:00.1234567z", "2026-11-24T10:00:00.1234567+00:00")]
    public void ParseBody_WithRequestedAt_ReadsItAsUtc(string text, string expected)
    {
        var request = Assert.IsType<AcceptedRequest>(RequestParser.ParseBody($$"""{"environmentName":"a","requestedAt":"{{text}}"}""", "m")).Request;

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), request.RequestedAt);
        Assert.Equal(TimeSpan.Zero, request.RequestedAt!.Value.Offset);
    }

    [Theory]
    [InlineData("\"2026-11-24T10:00:00\"")]
    [InlineData("\"11/24/2026 10:00\"")]
    [InlineData("\"yesterday\"")]
    [InlineData("\"2026-11-24T10:00Z\"")]
    [InlineData("\"2026-11-24 10:00:00Z\"")]
    [InlineData("\"2026-13-24T10:00:00Z\"")]
    [InlineData("1764000000")]
    [InlineData("\"\"")]
    public void ParseBody_WithRequestedAtNotAnIsoTimeWithOffset_IsRejectedNamingTheField(string json)
    {
        var rejected = Assert.IsType<RejectedRequest>(RequestParser.ParseBody($$"""{"environmentName":"a","requestedAt":{{json}}}""", "m"));

        Assert.Equal("requestedAt must be an ISO 8601 date and time with a UTC offset, such as 2026-11-24T10:00:00Z", rejected.Problem);
        Assert.Equal("a", rejected.EnvironmentName);
    }

    [Fact]
    public void ParseBody_WithNullRequestedAt_TreatsItAsAbsent()
    {
        var request = Assert.IsType<AcceptedRequest>(RequestParser.ParseBody("""{"environmentName":"a","requestedAt":null}""", "m")).Request;

        Assert.Null(request.RequestedAt);
    }
}
