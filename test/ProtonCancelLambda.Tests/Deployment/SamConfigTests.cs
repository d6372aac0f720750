using System.Text.Json;
using Tomlyn;
using Tomlyn.Model;
using static ProtonCancelLambda.Tests.Deployment.SamTemplate;

namespace ProtonCancelLambda.Tests.Deployment;

/// <summary>samconfig.toml and env.local.json: what `sam deploy` and `sam local invoke` will read.</summary>
public sealed class SamConfigTests
{
    // Standard AWS variables a local run may set besides the function's own settings.
    private static readonly HashSet<string> AwsStandard =
        ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE"];

    [Fact]
    public void SamConfig_Parses_AndNamesAStackCapabilitiesAndTheLocalEnvFile()
    {
        var config = TomlSerializer.Deserialize<TomlTable>(RepoFiles.Read("samconfig.toml"))!;
        Assert.Equal(0.1, Convert.ToDouble(config["version"], System.Globalization.CultureInfo.InvariantCulture));

        var deploy = Section(config, "deploy");
        Assert.False(string.IsNullOrWhiteSpace(deploy["stack_name"] as string));
        Assert.Equal("CAPABILITY_IAM", deploy["capabilities"]);
        Assert.Equal(true, deploy["resolve_s3"]);
        Assert.Equal(true, deploy["confirm_changeset"]);
        Assert.NotNull(Section(config, "build"));

        Assert.Equal("env.local.json", Section(config, "local_invoke")["env_vars"]);
    }

    [Fact]
    public void SamConfig_ParameterOverrides_NameOnlyTemplateParameters()
    {
        var config = TomlSerializer.Deserialize<TomlTable>(RepoFiles.Read("samconfig.toml"))!;
        var overrides = ((string)Section(config, "global")["parameter_overrides"]).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var parameters = SamTemplate.Load().Parameters;
        Assert.NotEmpty(overrides);
        Assert.All(overrides, pair => Assert.True(parameters.ContainsKey(pair.Split('=')[0]), $"{pair} names no template parameter."));
        Assert.All(overrides, pair => Assert.Matches("^[A-Za-z0-9]+=\"[^\"]*\"$", pair));
    }

    [Fact]
    public void SamConfig_BuildAndDeploy_ReadOneArchitecture()
    {
        // A command's own parameter_overrides would replace the global ones whole, so sam build could then make a
        // binary for one architecture while sam deploy declares the other.
        var config = TomlSerializer.Deserialize<TomlTable>(RepoFiles.Read("samconfig.toml"))!;
        Assert.All(new[] { "build", "deploy" }, command => Assert.False(Section(config, command).ContainsKey("parameter_overrides"), command));

        var overrides = (string)Section(config, "global")["parameter_overrides"];
        var architecture = System.Text.RegularExpressions.Regex.Match(overrides, "(?:^| )Architecture=\"([^\"]*)\"");
        Assert.True(architecture.Success, "samconfig.toml's global parameter_overrides should name the Architecture.");
        Assert.Contains(architecture.Groups[1].Value, Strings(SamTemplate.Load().Parameters[TemplateArchitectureTests.Parameter]!["AllowedValues"]));
    }

    [Fact]
    public void EnvLocal_TargetsTheFunction_WithKnownNames_ThatTheTemplateDeclares()
    {
        using var document = JsonDocument.Parse(RepoFiles.Read("env.local.json"));
        var function = document.RootElement.GetProperty(FunctionLogicalId);
        var declared = SamTemplate.Load().Function["Environment"]!["Variables"]!.AsObject();

        foreach (var variable in function.EnumerateObject())
        {
            Assert.True(
                TemplateFunctionTests.SettingNameValues.Contains(variable.Name) || AwsStandard.Contains(variable.Name),
                $"{variable.Name} is neither a setting of the code nor a standard AWS variable.");

            // sam local invoke only overrides variables the template declares; others are silently dropped.
            Assert.True(declared.ContainsKey(variable.Name), $"{variable.Name} is not declared in template.yaml, so SAM would ignore it.");
            Assert.Equal(JsonValueKind.String, variable.Value.ValueKind);
        }
    }

    [Fact]
    public void EnvLocal_PointsProtonAndSnsAtTheSimulatorOnTheDockerHost()
    {
        using var document = JsonDocument.Parse(RepoFiles.Read("env.local.json"));
        var function = document.RootElement.GetProperty(FunctionLogicalId);
        Assert.StartsWith("http://host.docker.internal:", function.GetProperty("AWS_ENDPOINT_URL_PROTON").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("http://host.docker.internal:", function.GetProperty("AWS_ENDPOINT_URL_SNS").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("arn:aws:sns:", function.GetProperty("OUTCOME_TOPIC_ARN").GetString(), StringComparison.Ordinal);
    }

    private static TomlTable Section(TomlTable config, string command) =>
        (TomlTable)((TomlTable)((TomlTable)config["default"])[command])["parameters"];
}
