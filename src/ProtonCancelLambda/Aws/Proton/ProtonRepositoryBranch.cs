namespace ProtonCancelLambda.Aws.Proton;

/// <summary>The model's <c>RepositoryBranch</c> shape.</summary>
public sealed record ProtonRepositoryBranch(string Arn, string Branch, string Name, string Provider);
