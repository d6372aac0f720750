using System.Security.Cryptography;
using System.Text;
using ProtonCancelLambda.Requests;

namespace ProtonCancelLambda.Idempotency;

/// <summary>
/// What makes two deliveries under one requestId the same request (as Powertools' payload validation does): the
/// environment and the expected deployment. Kept in the record as a hash, with the fields beside it to name a conflict.
/// </summary>
public sealed record RequestFingerprint(string EnvironmentName, string? ExpectedDeploymentId)
{
    public string Hash => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(EnvironmentName + "\u001f" + ExpectedDeploymentId)));

    public static RequestFingerprint Of(CancelRequest request) => new(request.EnvironmentName, request.ExpectedDeploymentId);

    public override string ToString() => $"environment {EnvironmentName}, expectedDeploymentId {ExpectedDeploymentId ?? "(none)"}";
}
