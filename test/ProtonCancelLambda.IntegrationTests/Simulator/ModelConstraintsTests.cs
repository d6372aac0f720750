using System.Text.Json;
using ProtonCancelLambda.IntegrationTests.Infrastructure;
using ProtonCancelLambda.Local.Simulator.Protocol;
using ProtonCancelLambda.Local.Simulator.Scenario;

namespace ProtonCancelLambda.IntegrationTests.Simulator;

/// <summary>The simulator's hand-written input constraints and enums say what the official model says.</summary>
public class ModelConstraintsTests
{
    private static readonly ServiceModel Model = ServiceModel.Load(RepositoryPaths.AwsModel("proton"));

    public static TheoryData<string, string> StringRules => new()
    {
        { "ResourceName", nameof(ProtonConstraints.ResourceName) },
        { "TemplateVersionPart", nameof(ProtonConstraints.TemplateVersionPart) },
        { "RoleArn", nameof(ProtonConstraints.RoleArn) },
        { "Arn", nameof(ProtonConstraints.Arn) },
        { "Description", nameof(ProtonConstraints.Description) },
        { "SpecContents", nameof(ProtonConstraints.SpecContents) },
        { "EnvironmentAccountConnectionId", nameof(ProtonConstraints.EnvironmentAccountConnectionId) },
        { "GitBranchName", nameof(ProtonConstraints.GitBranchName) },
        { "RepositoryName", nameof(ProtonConstraints.RepositoryName) },
    };

    [Theory]
    [MemberData(nameof(StringRules))]
    public void StringRule_MatchesTheModel(string shapeName, string ruleName)
    {
        var rule = ruleName switch
        {
            nameof(ProtonConstraints.ResourceName) => ProtonConstraints.ResourceName,
            nameof(ProtonConstraints.TemplateVersionPart) => ProtonConstraints.TemplateVersionPart,
            nameof(ProtonConstraints.RoleArn) => ProtonConstraints.RoleArn,
            nameof(ProtonConstraints.Arn) => ProtonConstraints.Arn,
            nameof(ProtonConstraints.Description) => ProtonConstraints.Description,
            nameof(ProtonConstraints.SpecContents) => ProtonConstraints.SpecContents,
            nameof(ProtonConstraints.EnvironmentAccountConnectionId) => ProtonConstraints.EnvironmentAccountConnectionId,
            nameof(ProtonConstraints.GitBranchName) => ProtonConstraints.GitBranchName,
            _ => ProtonConstraints.RepositoryName,
        };
        var shape = Model.Shape(shapeName);

        Assert.Equal(Optional(shape, "min")?.GetInt32(), rule.Min);
        Assert.Equal(Optional(shape, "max")?.GetInt32(), rule.Max);
        Assert.Equal(Optional(shape, "pattern")?.GetString(), rule.Pattern);
    }

    [Fact]
    public void Enums_MatchTheModel()
    {
        Assert.Equal(EnumValues("DeploymentStatus"), DeploymentStatuses.All);
        Assert.Equal(EnumValues("DeploymentUpdateType"), ProtonConstraints.DeploymentUpdateTypes);
        Assert.Equal(EnumValues("RepositoryProvider"), ProtonConstraints.RepositoryProviders);
    }

    [Fact]
    public void ErrorShapes_MatchTheModel()
    {
        var modelErrors = new[] { "GetEnvironment", "CancelEnvironmentDeployment", "UpdateEnvironment" }
            .SelectMany(Model.Errors).Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(modelErrors, ProtonErrors.All.Order(StringComparer.Ordinal));
    }

    private static JsonElement? Optional(JsonElement shape, string name) =>
        shape.TryGetProperty(name, out var value) ? value : null;

    private static string[] EnumValues(string shapeName) =>
        [.. Model.Shape(shapeName).GetProperty("enum").EnumerateArray().Select(v => v.GetString()!)];
}
