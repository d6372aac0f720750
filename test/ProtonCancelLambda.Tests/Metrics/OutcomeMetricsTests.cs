using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using ProtonCancelLambda.Logging;
using ProtonCancelLambda.Metrics;

namespace ProtonCancelLambda.Tests.Metrics;

public sealed class OutcomeMetricsTests
{
    [Fact]
    public void FlushInvocation_WritesTheRetriedFaultsCounted_ThenStartsANewCount()
    {
        var output = new StringWriter();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero));
        var metrics = new OutcomeMetrics(new LambdaLogger(output, new LogOptions(Json: true, LogLevel.Info), clock), clock);

        metrics.CountRetriedFault();
        metrics.CountRetriedFault();
        metrics.FlushInvocation();
        metrics.FlushInvocation();

        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal([2, 0], lines.Select(l => l.GetProperty("TransientFaultsRetried").GetInt32()));
        Assert.All(lines, line =>
        {
            var declared = Assert.Single(line.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0].GetProperty("Metrics").EnumerateArray());
            Assert.Equal("TransientFaultsRetried", declared.GetProperty("Name").GetString());
            Assert.Equal("Count", declared.GetProperty("Unit").GetString());
        });
    }
}
