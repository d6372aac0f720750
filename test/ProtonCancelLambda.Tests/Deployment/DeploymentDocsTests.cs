using static ProtonCancelLambda.Tests.Deployment.SamTemplate;

namespace ProtonCancelLambda.Tests.Deployment;

/// <summary>The deployment docs name every parameter, setting and IAM statement the template really has.</summary>
public sealed class DeploymentDocsTests
{
    private readonly SamTemplate _template = SamTemplate.Load();

    // Deploying and operating is written down in docs/OPERATING.md alone; the README only points there.
    private static readonly string Docs = RepoFiles.Read("docs", "OPERATING.md");

    [Fact]
    public void Docs_NameEveryTemplateParameter()
    {
        var names = _template.Parameters.Select(p => p.Key).ToList();

        Assert.NotEmpty(names);
        Assert.All(names, name => Assert.Contains($"`{name}`", Docs, StringComparison.Ordinal));
    }

    [Fact]
    public void Docs_NameEveryStackOutput()
    {
        var names = _template.Root["Outputs"]!.AsObject().Select(o => o.Key).ToList();

        Assert.NotEmpty(names);
        Assert.All(names, name => Assert.Contains($"`{name}`", Docs, StringComparison.Ordinal));
    }

    [Fact]
    public void Docs_NameEveryEnvironmentVariableTheTemplateSets()
    {
        var names = _template.Function["Environment"]!["Variables"]!.AsObject().Select(v => v.Key).ToList();

        Assert.NotEmpty(names);
        Assert.All(names, name => Assert.Contains($"`{name}`", Docs, StringComparison.Ordinal));
    }

    [Fact]
    public void Docs_NameEveryIamStatementOfTheFunctionRole()
    {
        var sids = _template.PolicyStatements().Where(s => s.Where == ReferencedId(_template.Function["Role"])).Select(s => Text(s.Statement["Sid"])).ToList();

        Assert.NotEmpty(sids);
        Assert.All(sids, sid => Assert.Contains($"`{sid}`", Docs, StringComparison.Ordinal));
    }

    [Fact]
    public void Readme_CarriesTheProtonEndOfSupportNote() => Assert.Contains("2026-10-07", RepoFiles.Read("README.md"), StringComparison.Ordinal);
}
