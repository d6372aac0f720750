using System.Text.RegularExpressions;

namespace ProtonCancelLambda.Local.Simulator.Protocol;

/// <summary>The model's constraints on the input members the simulator reads (the Proton model in test/ProtonCancelLambda.IntegrationTests/AwsModels).</summary>
internal static class ProtonConstraints
{
    public const string ResourceNamePattern = @"^[0-9A-Za-z]+[0-9A-Za-z_\-]*$";
    public const string TemplateVersionPartPattern = @"^(0|([1-9]{1}\d*))$";
    public const string RoleArnPattern = @"^arn:(aws|aws-cn|aws-us-gov):iam::\d{12}:role/([\w+=,.@-]{1,512}[/:])*([\w+=,.@-]{1,64})$";
    public const string ArnPattern = @"^arn:(aws|aws-cn|aws-us-gov):[a-zA-Z0-9-]+:[a-zA-Z0-9-]*:\d{12}:([\w+=,.@-]+[/:])*[\w+=,.@-]+$";
    public const string UuidPattern = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";
    public const string RepositoryNamePattern = "[A-Za-z0-9_.-].*/[A-Za-z0-9_.-].*";

    public static readonly IReadOnlyList<string> DeploymentUpdateTypes = ["NONE", "CURRENT_VERSION", "MINOR_VERSION", "MAJOR_VERSION"];
    public static readonly IReadOnlyList<string> RepositoryProviders = ["GITHUB", "GITHUB_ENTERPRISE", "BITBUCKET"];

    public static readonly StringRule ResourceName = new(1, 100, ResourceNamePattern);
    public static readonly StringRule TemplateVersionPart = new(1, 20, TemplateVersionPartPattern);
    public static readonly StringRule RoleArn = new(1, 2048, RoleArnPattern);
    public static readonly StringRule Arn = new(1, 200, ArnPattern);
    public static readonly StringRule Description = new(0, 500, null);
    public static readonly StringRule SpecContents = new(1, 51200, null);
    public static readonly StringRule EnvironmentAccountConnectionId = new(null, null, UuidPattern);
    public static readonly StringRule GitBranchName = new(1, 200, null);
    public static readonly StringRule RepositoryName = new(1, 100, RepositoryNamePattern);

    public static bool IsResourceName(string value) => ResourceName.Check(value) is null;
}

/// <summary>Length bounds and pattern of a string shape; <see cref="Check"/> returns the broken constraint.</summary>
internal sealed record StringRule(int? Min, int? Max, string? Pattern)
{
    private readonly Regex? _regex = Pattern is null ? null : new Regex(Pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    public string? Check(string value)
    {
        if (Min is { } min && value.Length < min)
        {
            return $"Member must have length greater than or equal to {min}";
        }

        if (Max is { } max && value.Length > max)
        {
            return $"Member must have length less than or equal to {max}";
        }

        return _regex is not null && !_regex.IsMatch(value)
            ? $"Member must satisfy regular expression pattern: {Pattern}"
            : null;
    }
}
