using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ProtonCancelLambda.Configuration;
using ProtonCancelLambda.Logging;
using static ProtonCancelLambda.Tests.Deployment.SamTemplate;

namespace ProtonCancelLambda.Tests.Deployment;

/// <summary>
/// template.yaml's parameters, the settings reader's rules (<see cref="SettingRanges"/>) and the documented
/// tables agree on every default, bound and allowed value, so none of the three can drift on its own.
/// </summary>
public sealed partial class SettingsAgreementTests
{
    // Bounds the template makes tighter than the reader on purpose, and why. The parameter table must state them.
    private static readonly Dictionary<(string Parameter, string Bound), string> Narrowed = new()
    {
        [("PollWindowSeconds", "MaxValue")] = "a poll window must end well inside the 60 s function timeout (TemplateFunctionTests)",
    };

    private static readonly Dictionary<string, Func<FunctionSettings, double>> ReadValue = new(StringComparer.Ordinal)
    {
        [SettingNames.PollInitialSeconds] = s => s.PollInitial.TotalSeconds,
        [SettingNames.PollMaxSeconds] = s => s.PollMax.TotalSeconds,
        [SettingNames.PollWindowSeconds] = s => s.PollWindow.TotalSeconds,
        [SettingNames.MaxWatchSeconds] = s => s.MaxWatch.TotalSeconds,
        [SettingNames.RepublishDelaySeconds] = s => s.RepublishDelay.TotalSeconds,
        [SettingNames.MaxConcurrency] = s => s.MaxConcurrency,
        [SettingNames.IdempotencyTtlSeconds] = s => s.IdempotencyTtl.TotalSeconds,
        [SettingNames.ProtonGetEnvironmentPerSecond] = s => s.ProtonGetEnvironmentPerSecond,
        [SettingNames.ProtonCancelPerSecond] = s => s.ProtonCancelPerSecond,
    };

    // How the parameter table states a parameter without a default, which the deployer must give.
    private const string Required = "*(required)*";

    private readonly SamTemplate _template = SamTemplate.Load();

    public static TheoryData<string> Settings => new(SettingRanges.All.Select(setting => setting.Name));

    [Fact]
    public void EveryParameterFeedingASetting_HasTheReadersDefaultAndRange()
    {
        var problems = new List<string>();
        var wired = WiredParameters();
        Assert.NotEmpty(wired);
        foreach (var (setting, parameter) in wired)
        {
            if (SettingRanges.All.SingleOrDefault(rule => rule.Name == setting) is not { } rule)
            {
                problems.Add($"{setting} (from parameter {parameter}) has no entry in SettingRanges");
                continue;
            }

            var declared = _template.Parameters[parameter]!.AsObject();
            Compare(problems, parameter, "Default", declared["Default"], rule.Default, rule.Name);
            Compare(problems, parameter, "MinValue", declared["MinValue"], rule.Min, rule.Name);
            Compare(problems, parameter, "MaxValue", declared["MaxValue"], rule.Max, rule.Name);
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void LogLevelParameter_AllowsExactlyTheLevelsTheLoggerReads()
    {
        var parameter = ReferencedId(_template.Function["LoggingConfig"]!["ApplicationLogLevel"])!;
        var allowed = Strings(_template.Parameters[parameter]!["AllowedValues"]).ToList();

        Assert.Equal(Enum.GetNames<LogLevel>().Select(name => name.ToUpperInvariant()), allowed);
        Assert.All(allowed, level => Assert.Equal(level, LogOptions.Read(Environment((SettingNames.LogLevel, level))).MinimumLevel.ToString().ToUpperInvariant()));
        Assert.Equal(LogOptions.Default.MinimumLevel.ToString().ToUpperInvariant(), Text(_template.Parameters[parameter]!["Default"]));
    }

    [Theory]
    [MemberData(nameof(Settings))]
    public void Reader_EnforcesTheDefaultAndRangeOfEachSetting(string name)
    {
        var rule = SettingRanges.All.Single(setting => setting.Name == name);
        var value = ReadValue[name];

        Assert.Equal(rule.Default, value(SettingsReader.Read(Environment())));
        Assert.Equal(rule.Min, value(SettingsReader.Read(WideEnvironment(name, rule.Min))));
        Assert.Equal(rule.Max, value(SettingsReader.Read(WideEnvironment(name, rule.Max))));
        var below = rule.Min - (rule.Min is >= 1 or 0 ? 1 : rule.Min / 10);
        Assert.Equal(name, Assert.Throws<SettingsException>(() => SettingsReader.Read(WideEnvironment(name, below))).SettingName);
        Assert.Equal(name, Assert.Throws<SettingsException>(() => SettingsReader.Read(WideEnvironment(name, rule.Max + 1))).SettingName);
    }

    [Theory]
    [MemberData(nameof(Settings))]
    public void SettingsTable_StatesTheReadersDefaultAndRange(string name)
    {
        var rule = SettingRanges.All.Single(setting => setting.Name == name);
        var rows = DocTables.RowsNaming(name);
        var (file, cells) = Assert.Single(rows);

        Assert.Equal(Format(rule.Default), DocTables.Value(cells[1]));
        var range = Range().Match(cells[2]);
        Assert.True(range.Success, $"{file}: the row of {name} states no range (MIN-MAX).");
        Assert.Equal((rule.Min, rule.Max), (Number(range.Groups[1].Value), Number(range.Groups[2].Value)));
    }

    [Fact]
    public void ParameterTable_StatesEveryDefault_AndEveryRangeThatIsNotTheSettings()
    {
        var problems = new List<string>();
        var settingOf = WiredParameters().ToDictionary(pair => pair.Parameter, pair => pair.Setting, StringComparer.Ordinal);
        foreach (var (parameter, node) in _template.Parameters)
        {
            var rows = DocTables.RowsNaming(parameter);
            if (rows.Count != 1)
            {
                problems.Add($"{parameter}: {rows.Count} documented rows (want one)");
                continue;
            }

            var (file, cells) = rows[0];
            var declared = node!.AsObject();
            if (declared["Default"] is null ? cells[1] != Required : DocTables.Value(cells[1]) != Text(declared["Default"]))
            {
                problems.Add($"{file}: {parameter} default is '{cells[1]}'; template.yaml says '{(declared["Default"] is null ? Required : Text(declared["Default"]))}'");
            }

            var min = declared["MinValue"] is { } m ? Number(Text(m)) : (double?)null;
            var max = declared["MaxValue"] is { } x ? Number(Text(x)) : (double?)null;
            var stated = Range().Match(cells[^1]);
            if (stated.Success && (Number(stated.Groups[1].Value), Number(stated.Groups[2].Value)) != (min, max))
            {
                problems.Add($"{file}: {parameter} is documented as {stated.Value[1..]}; template.yaml allows {min}-{max}");
            }

            var rule = settingOf.TryGetValue(parameter, out var setting) ? SettingRanges.All.SingleOrDefault(r => r.Name == setting) : null;
            if (!stated.Success && rule is not null && (min, max) != (rule.Min, rule.Max))
            {
                problems.Add($"{file}: {parameter} allows {min}-{max}, unlike {setting} ({rule.Min}-{rule.Max}); its row must say so");
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void ServiceName_IsTheStackName_ReadAsPowertoolsReadsIt_AndDocumented()
    {
        Assert.Equal("AWS::StackName", ReferencedId(_template.Function["Environment"]!["Variables"]![SettingNames.ServiceName]));
        Assert.Equal("proton-cancel-prod", SettingsReader.Read(Environment((SettingNames.ServiceName, " proton-cancel-prod "))).ServiceName);
        // Powertools' value when the variable is unset.
        Assert.Equal("service_undefined", SettingsReader.Read(Environment()).ServiceName);
        Assert.Equal(SettingNames.ServiceName, Assert.Throws<SettingsException>(() => SettingsReader.Read(Environment((SettingNames.ServiceName, "tab\there")))).SettingName);
        Assert.Equal(SettingNames.ServiceName, Assert.Throws<SettingsException>(() => SettingsReader.Read(Environment((SettingNames.ServiceName, new string('s', 1025))))).SettingName);

        var (_, cells) = Assert.Single(DocTables.RowsNaming(SettingNames.ServiceName));
        Assert.Equal(FunctionSettings.DefaultServiceName, DocTables.Value(cells[1]));
    }

    // (setting, parameter) for every function variable set straight from a parameter.
    private List<(string Setting, string Parameter)> WiredParameters() =>
        [.. _template.Function["Environment"]!["Variables"]!.AsObject()
            .Where(pair => ReferencedId(pair.Value) is { } id && _template.Parameters.ContainsKey(id))
            .Select(pair => (pair.Key, ReferencedId(pair.Value)!))];

    private static void Compare(List<string> problems, string parameter, string bound, JsonNode? node, double expected, string setting)
    {
        if (node is null)
        {
            problems.Add($"template.yaml {parameter} has no {bound}; {setting}'s is {Format(expected)}");
            return;
        }

        var actual = Number(Text(node));
        var narrower = bound == "MinValue" ? actual > expected : actual < expected;
        if (actual != expected && !(Narrowed.ContainsKey((parameter, bound)) && narrower))
        {
            problems.Add($"template.yaml {parameter} {bound} is {Format(actual)}; {setting}'s is {Format(expected)}");
        }
    }

    [Theory]
    [InlineData(SettingNames.UseFipsEndpoint)]
    [InlineData(SettingNames.UseDualStackEndpoint)]
    public void UnsupportedEndpointVariants_AreDocumentedAsSuch_AndTheReaderRefusesThem(string name)
    {
        var row = Assert.Single(DocTables.Rows, r => r.Cells[0].Split(", ").Contains($"`{name}`"));

        Assert.Contains("not supported", row.Cells[2], StringComparison.Ordinal);
        Assert.Equal(name, Assert.Throws<SettingsException>(() => SettingsReader.Read(Environment((name, "true")))).SettingName);
        Assert.Null(_template.Function["Environment"]!["Variables"]![name]);
    }

    private static DictionaryEnvironmentVariables Environment(params (string Name, string Value)[] extra) =>
        new(new Dictionary<string, string>
        {
            [SettingNames.OutcomeTopicArn] = "arn:aws:sns:us-east-1:123456789012:outcomes",
            [SettingNames.AwsRegion] = "us-east-1",
        }.Concat(extra.Select(e => KeyValuePair.Create(e.Name, e.Value))));

    // The poll bounds held apart as far as they go, so any value of one setting is read on its own merits.
    private static DictionaryEnvironmentVariables WideEnvironment(string name, double value)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [SettingNames.PollInitialSeconds] = Format(SettingRanges.PollInitialSeconds.Min),
            [SettingNames.PollMaxSeconds] = Format(SettingRanges.PollMaxSeconds.Max),

            // Proton rates need the table.
            [SettingNames.IdempotencyTableName] = "records",
            [name] = Format(value),
        };
        return Environment([.. values.Select(pair => (pair.Key, pair.Value))]);
    }

    private static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);

    private static double Number(string text) => double.Parse(text.Replace(",", string.Empty, StringComparison.Ordinal), CultureInfo.InvariantCulture);

    // "(0.05-900" or "(1-604,800" at the start of a parenthesis.
    [GeneratedRegex(@"\((\d[\d,]*(?:\.\d+)?)-(\d[\d,]*(?:\.\d+)?)")]
    private static partial Regex Range();
}
