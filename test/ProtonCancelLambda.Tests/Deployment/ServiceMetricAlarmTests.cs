using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ProtonCancelLambda.Configuration;
using ProtonCancelLambda.Local.Rig;
using ProtonCancelLambda.Local.RuntimeEmulator;
using ProtonCancelLambda.Local.Simulator;
using ProtonCancelLambda.Local.Simulator.Scenario;
using ProtonCancelLambda.Metrics;
using ProtonCancelLambda.Outcomes;
using static ProtonCancelLambda.Tests.Deployment.SamTemplate;

namespace ProtonCancelLambda.Tests.Deployment;

/// <summary>
/// The alarms that page watch the metrics the function really writes: a real invocation (the function in process
/// behind the Runtime API emulator, Proton simulated) with POWERTOOLS_SERVICE_NAME set as the template sets it, and
/// its EMF lines held to the alarm's namespace, metric name and dimensions.
/// </summary>
public sealed class ServiceMetricAlarmTests
{
    private const string StackName = "proton-cancel-prod";

    private readonly SamTemplate _template = SamTemplate.Load();

    [Fact]
    public void Template_SetsTheServiceNameToTheStackName()
    {
        var variables = _template.Function["Environment"]!["Variables"]!.AsObject();

        Assert.Equal("AWS::StackName", ReferencedId(variables[SettingNames.ServiceName]));
    }

    [Fact]
    public async Task EveryEmfLine_OfARealInvocation_CarriesTheServiceDimension()
    {
        var emf = await InvokeAsync("""{"environments":[{"name":"prod-network"}]}""", "prod-network");

        Assert.NotEmpty(emf);
        Assert.All(emf, line =>
        {
            Assert.Equal(StackName, line.GetProperty(OutcomeMetrics.ServiceDimension).GetString());
            var directive = line.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0];
            Assert.All(directive.GetProperty("Dimensions").EnumerateArray(), set =>
                Assert.Contains(OutcomeMetrics.ServiceDimension, set.EnumerateArray().Select(d => d.GetString())));
        });
    }

    [Fact]
    public async Task UnsettledOutcomesAlarm_WatchesTheMetricAnErrorOutcomeWrites()
    {
        // Every Proton call on this environment is refused: the request ends ERROR.
        var emf = await InvokeAsync("""{"environments":[{"name":"prod-network","failWith":"AccessDeniedException"}]}""", "prod-network");
        var alarm = _template.Properties("UnsettledOutcomesAlarm");
        var metrics = alarm["Metrics"]!.AsArray().Select(m => m!.AsObject()).Where(m => m["MetricStat"] is not null).ToList();

        Assert.Equal([OutcomeKinds.Error, OutcomeKinds.TimedOut], metrics.Select(m => DimensionValue(m, OutcomeMetrics.OutcomeDimension)));
        var error = metrics[0]["MetricStat"]!["Metric"]!;
        var written = Assert.Single(emf, line => line.TryGetProperty("Outcomes", out _));
        var directive = written.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0];

        Assert.Equal(OutcomeKinds.Error, written.GetProperty(OutcomeMetrics.OutcomeDimension).GetString());
        Assert.Equal(directive.GetProperty("Namespace").GetString(), Text(error["Namespace"]));
        Assert.Contains(Text(error["MetricName"]), directive.GetProperty("Metrics").EnumerateArray().Select(m => m.GetProperty("Name").GetString()));
        // CloudWatch keys a metric by its whole dimension set: the alarm's must be one the line declares, with its values.
        var names = error["Dimensions"]!.AsArray().Select(d => Text(d!["Name"])).ToList();
        Assert.Contains(directive.GetProperty("Dimensions").EnumerateArray(), set => set.EnumerateArray().Select(d => d.GetString()!).Order().SequenceEqual(names.Order()));
        Assert.Equal("AWS::StackName", ReferencedId(error["Dimensions"]!.AsArray().Single(d => Text(d!["Name"]) == OutcomeMetrics.ServiceDimension)!["Value"]));
        Assert.Equal(StackName, written.GetProperty(OutcomeMetrics.ServiceDimension).GetString());
        Assert.Equal(OutcomeKinds.Error, DimensionValue(metrics[0], OutcomeMetrics.OutcomeDimension));
    }

    [Fact]
    public void UnsettledOutcomesAlarm_FiresOnTheSumOfBoth_AndNotifiesTheAlarmTopic()
    {
        var alarm = _template.Properties("UnsettledOutcomesAlarm");
        var expression = alarm["Metrics"]!.AsArray().Single(m => m!["Expression"] is not null)!;
        var ids = alarm["Metrics"]!.AsArray().Where(m => m!["MetricStat"] is not null).Select(m => Text(m!["Id"])).ToList();

        Assert.Equal("true", Text(expression["ReturnData"]));
        Assert.All(ids, id => Assert.Contains(id, Text(expression["Expression"]), StringComparison.Ordinal));
        Assert.Equal(("0", "GreaterThanThreshold"), (Text(alarm["Threshold"]), Text(alarm["ComparisonOperator"])));
        Assert.Contains("AlarmTopicArn", alarm["AlarmActions"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ThrottlesAlarm_WatchesTheFunction_AndNotifiesTheAlarmTopic()
    {
        var alarm = _template.ResourcesOfType("AWS::CloudWatch::Alarm").Select(a => a.Value["Properties"]!)
            .Single(p => Text(p["Namespace"]) == "AWS/Lambda" && Text(p["MetricName"]) == "Throttles");

        Assert.Equal(FunctionLogicalId, ReferencedId(alarm["Dimensions"]![0]!["Value"]));
        Assert.Contains("AlarmTopicArn", alarm["AlarmActions"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Dashboard_ShowsThisStacksMetricsOnly()
    {
        var body = Text(_template.Properties("Dashboard")["DashboardBody"]!["Fn::Sub"]);
        var searches = System.Text.RegularExpressions.Regex.Matches(body, @"SEARCH\('\{ProtonCancelLambda[^']*'").Select(m => m.Value).ToList();

        Assert.NotEmpty(searches);
        Assert.Equal(System.Text.RegularExpressions.Regex.Count(body, @"SEARCH\("), searches.Count);
        Assert.All(searches, search => Assert.Contains("Service=\\\"${AWS::StackName}\\\"", search, StringComparison.Ordinal));
        Assert.DoesNotContain("Namespace=\\\"ProtonCancelLambda\\\"", body, StringComparison.Ordinal);
    }

    private static string DimensionValue(JsonObject metric, string name) =>
        Text(metric["MetricStat"]!["Metric"]!["Dimensions"]!.AsArray().Single(d => Text(d!["Name"]) == name)!["Value"]);

    private static async Task<List<JsonElement>> InvokeAsync(string scenario, string environment)
    {
        using var log = new StringWriter();
        await using var rig = await LocalRig.StartAsync(new LocalRigOptions
        {
            Simulator = new SimulatorOptions { Scenario = ScenarioFile.Parse(scenario) },
            Variables = FunctionVariables.DefaultsWith(new Dictionary<string, string>
            {
                [SettingNames.ServiceName] = StackName,
                [SettingNames.LogFormat] = "JSON",
            }),
            Log = log,
        }, TestContext.Current.CancellationToken);
        rig.StartFunction(FunctionLaunch.InProcess());

        var body = $$"""{"environmentName":"{{environment}}","requestId":"r-1"}""";
        var result = await rig.InvokeAsync(Encoding.UTF8.GetBytes(SqsEvents.Batch(SqsEvents.Record("m-1", body))), TimeSpan.FromSeconds(30), cancellationToken: TestContext.Current.CancellationToken);
        Assert.False(result.IsError, Encoding.UTF8.GetString(result.Body));
        await rig.StopFunctionAsync();

        return [.. log.ToString().Split('\n').Where(l => l.Contains("\"_aws\"", StringComparison.Ordinal)).Select(l => JsonDocument.Parse(l).RootElement.Clone())];
    }
}
