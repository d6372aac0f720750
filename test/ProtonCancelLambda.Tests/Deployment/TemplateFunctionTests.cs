using System.Reflection;
using System.Text.RegularExpressions;
using ProtonCancelLambda.Configuration;
using static ProtonCancelLambda.Tests.Deployment.SamTemplate;

namespace ProtonCancelLambda.Tests.Deployment;

/// <summary>The template's function agrees with the code and with the Makefile SAM will run.</summary>
public sealed class TemplateFunctionTests
{
    private readonly SamTemplate _template = SamTemplate.Load();

    internal static IReadOnlySet<string> SettingNameValues { get; } = typeof(SettingNames)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(field => field.IsLiteral && field.FieldType == typeof(string))
        .Select(field => (string)field.GetRawConstantValue()!)
        .ToHashSet(StringComparer.Ordinal);

    // Lambda sets these itself (or refuses them); the template must leave them alone.
    private static readonly string[] ReservedByLambda =
    [
        SettingNames.AwsRegion, SettingNames.AwsDefaultRegion, SettingNames.RuntimeApi, SettingNames.TraceId,
        SettingNames.LogFormat, SettingNames.LogLevel, SettingNames.FunctionName,
    ];

    [Fact]
    public void Function_IsNativeAotCustomRuntime_OnTheArchitectureParameter()
    {
        Assert.Equal("AWS::Serverless::Function", Text(_template.Resource(FunctionLogicalId)["Type"]));
        Assert.Equal("provided.al2023", Text(_template.Function["Runtime"]));
        Assert.Equal("bootstrap", Text(_template.Function["Handler"]));
        var architectures = Assert.IsType<System.Text.Json.Nodes.JsonArray>(_template.Function["Architectures"]);
        Assert.Equal(TemplateArchitectureTests.Parameter, ReferencedId(Assert.Single(architectures)));
    }

    [Fact]
    public void Function_IsBuiltByTheMakefileFromTheRepositoryRoot()
    {
        Assert.Equal("makefile", Text(_template.Resource(FunctionLogicalId)["Metadata"]!["BuildMethod"]));
        Assert.Equal(".", Text(_template.Function["CodeUri"]));

        var makefile = RepoFiles.Read("Makefile");
        var target = Regex.Match(makefile, $@"^build-{FunctionLogicalId}:.*\n((?:\t.*\n)+)", RegexOptions.Multiline);
        Assert.True(target.Success, $"Makefile needs a build-{FunctionLogicalId} target with tab-indented commands.");
        Assert.Contains("dotnet publish src/ProtonCancelLambda", target.Value.Replace("$(FUNCTION_PROJECT)", "src/ProtonCancelLambda", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("$(ARTIFACTS_DIR)", target.Groups[1].Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Environment_SetsOnlyNamesTheCodeReads()
    {
        var names = VariableNames();
        Assert.All(names, name => Assert.Contains(name, SettingNameValues));
        Assert.All(ReservedByLambda, name => Assert.DoesNotContain(name, names));
    }

    [Fact]
    public void Environment_WiresEverySettingOfTheDesign()
    {
        var names = VariableNames();
        string[] required =
        [
            SettingNames.OutcomeTopicArn, SettingNames.RequestQueueUrl, SettingNames.PollInitialSeconds,
            SettingNames.PollMaxSeconds, SettingNames.PollWindowSeconds, SettingNames.MaxWatchSeconds, SettingNames.MaxConcurrency,
        ];
        Assert.All(required, name => Assert.Contains(name, names));
        Assert.Equal("RequestQueue", ReferencedId(Variables()[SettingNames.RequestQueueUrl]));
        Assert.Equal("RecordConcurrency", ReferencedId(Variables()[SettingNames.MaxConcurrency]));
    }

    [Fact]
    public void Tracing_IsAParameter_AndActiveGetsTheXRayWrites()
    {
        Assert.Equal("Tracing", ReferencedId(_template.Function["Tracing"]));
        Assert.Equal(["PassThrough", "Active"], Strings(_template.Parameters["Tracing"]!["AllowedValues"]));
        var role = ReferencedId(_template.Function["Role"]);
        var xray = Assert.Single(_template.PolicyStatements(), s => s.Where == role && Strings(s.Statement["Action"]).Any(a => a.StartsWith("xray:", StringComparison.Ordinal)));
        Assert.Equal(["xray:PutTelemetryRecords", "xray:PutTraceSegments"], Strings(xray.Statement["Action"]).Order(StringComparer.Ordinal));

        // Only when Tracing is Active: the policy sits in the Active branch of an Fn::If.
        var policies = _template.Properties(role!)["Policies"]!.AsArray();
        var conditional = policies.Select(p => p!["Fn::If"]).OfType<System.Text.Json.Nodes.JsonArray>().Single(branches => branches.ToJsonString().Contains("xray:", StringComparison.Ordinal));
        Assert.Equal("ActiveTracing", Text(conditional[0]));
        var equals = _template.Root["Conditions"]!["ActiveTracing"]!["Fn::Equals"]!.AsArray();
        Assert.Equal(("Tracing", "Active"), (ReferencedId(equals[0]), Text(equals[1])));
    }

    [Fact]
    public void Logging_IsJsonWithALevelFromAParameter()
    {
        var logging = _template.Function["LoggingConfig"]!;
        Assert.Equal("JSON", Text(logging["LogFormat"]));
        Assert.Equal("LogLevel", ReferencedId(logging["ApplicationLogLevel"]));
        Assert.Equal(["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"], Strings(_template.Parameters["LogLevel"]!["AllowedValues"]));
    }

    [Fact]
    public void PollWindow_EndsWellBeforeTheFunctionTimeout()
    {
        var timeout = ParseInt(_template.Function["Timeout"]);
        var window = _template.LargestNumber(Variables()[SettingNames.PollWindowSeconds]);
        Assert.True(window + 10 <= timeout, $"POLL_WINDOW_SECONDS may reach {window} s; the timeout is {timeout} s.");
    }

    [Fact]
    public void RecursiveLoop_IsAllowed_SoLongWatchesAreNotStoppedAfterSixteenHandOvers()
    {
        // Lambda's default (Terminate) ends a Lambda -> SQS -> same Lambda chain after ~16 invocations; a
        // 10-minute watch takes ~39. The chain ends on its own (outcome, MAX_WATCH_SECONDS, or the DLQ).
        Assert.Equal("Allow", Text(_template.Function["RecursiveLoop"]));
    }

    [Fact]
    public void ConcurrencyParameters_StayInsideWhatTheServicesAndCodeAccept()
    {
        // ScalingConfig.MaximumConcurrency accepts 2-1000; the code's MAX_CONCURRENCY 1-100.
        var scaling = _template.Parameters["QueueMaximumConcurrency"]!;
        Assert.True(ParseInt(scaling["MinValue"]) >= 2 && ParseInt(scaling["MaxValue"]) <= 1000);
        var inBatch = _template.Parameters["RecordConcurrency"]!;
        Assert.True(ParseInt(inBatch["MinValue"]) >= 1 && ParseInt(inBatch["MaxValue"]) <= 100);
    }

    private System.Text.Json.Nodes.JsonObject Variables() => _template.Function["Environment"]!["Variables"]!.AsObject();

    private HashSet<string> VariableNames() => Variables().Select(pair => pair.Key).ToHashSet(StringComparer.Ordinal);
}
