using static ProtonCancelLambda.Tests.Deployment.SamTemplate;

namespace ProtonCancelLambda.Tests.Deployment;

/// <summary>
/// The parameters as a deployer meets them: grouped and labelled (AWS::CloudFormation::Interface, what the console
/// shows), declared in the same order (what `sam deploy --guided` asks in), the ones without a default first.
/// </summary>
public sealed class TemplateParameterGroupsTests
{
    private readonly SamTemplate _template = SamTemplate.Load();

    private System.Text.Json.Nodes.JsonNode Interface => _template.Root["Metadata"]!["AWS::CloudFormation::Interface"]!;

    private List<string> Grouped => [.. Interface["ParameterGroups"]!.AsArray().SelectMany(group => Strings(group!["Parameters"]))];

    [Fact]
    public void EveryParameter_IsInExactlyOneGroup_AndTheGroupsNameNoOther()
    {
        Assert.Equal(_template.Parameters.Select(p => p.Key).Order(StringComparer.Ordinal), Grouped.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Parameters_AreDeclaredInTheGroupsOrder_SoGuidedDeployAsksInIt()
    {
        Assert.Equal(Grouped, _template.Parameters.Select(p => p.Key));
    }

    [Fact]
    public void ParametersWithoutADefault_AreAskedFirst()
    {
        var required = _template.Parameters.Where(p => p.Value!["Default"] is null).Select(p => p.Key).ToList();

        Assert.Equal(["EnvironmentNamePattern", "RequestSenderArns"], required);
        Assert.Equal(required, Grouped.Take(required.Count));
    }

    [Fact]
    public void EveryParameter_HasALabel()
    {
        var labels = Interface["ParameterLabels"]!.AsObject();

        Assert.Equal(_template.Parameters.Select(p => p.Key).Order(StringComparer.Ordinal), labels.Select(l => l.Key).Order(StringComparer.Ordinal));
        Assert.All(labels, label => Assert.False(string.IsNullOrWhiteSpace(Text(label.Value!["default"])), label.Key));
    }

    [Fact]
    public void ConcurrencyParameters_AreNamedForWhatTheyBound()
    {
        // Two parameters a letter apart (MaximumConcurrency, MaxConcurrency) once meant different things.
        Assert.DoesNotContain("MaximumConcurrency", _template.Parameters.Select(p => p.Key));
        Assert.DoesNotContain("MaxConcurrency", _template.Parameters.Select(p => p.Key));
        var sqs = _template.Function["Events"]!["RequestQueueEvent"]!["Properties"]!;
        Assert.Equal("QueueMaximumConcurrency", ReferencedId(sqs["ScalingConfig"]!["MaximumConcurrency"]));
        Assert.Equal("RecordConcurrency", ReferencedId(_template.Function["Environment"]!["Variables"]!["MAX_CONCURRENCY"]));
    }
}
