using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;
using ProtonCancelLambda.Local.Simulator.Signing;

namespace ProtonCancelLambda.Tests.Simulator;

/// <summary>
/// Vectors signed by botocore's SigV4Auth (credentials test/test) for a Proton GetEnvironment request at
/// 2026-11-26T01:03:03Z, with and without a session token.
/// </summary>
public class SigV4VerifierTests
{
    private const string Body = """{"name": "prod-network"}""";
    private const string BotocoreSignature = "1f433212fd5306dc4f26254e4ee85461dcb7bce748981ce9840ab2abfc75a76d";
    private const string BotocoreSignatureWithToken = "a30b86dd1daaa7e3ffe8bdee8ce5b62d140250771eb9f38d0fad1bb8f71b97f2";
    private static readonly DateTimeOffset SignedAt = new(2026, 11, 26, 1, 3, 3, TimeSpan.Zero);

    [Fact]
    public void Verify_BotocoreSignature_Accepts()
    {
        var verifier = Verifier(SignedAt);
        Assert.Null(verifier.Verify(Request(BotocoreSignature), "/", Encoding.UTF8.GetBytes(Body), "proton"));
    }

    [Fact]
    public void Verify_BotocoreSignatureWithSessionToken_Accepts()
    {
        var request = Request(BotocoreSignatureWithToken, "content-type;host;x-amz-date;x-amz-security-token;x-amz-target");
        request.Headers["X-Amz-Security-Token"] = "session-token-1";
        Assert.Null(Verifier(SignedAt).Verify(request, "/", Encoding.UTF8.GetBytes(Body), "proton"));
    }

    [Fact]
    public void Verify_ChangedBody_FailsWithSignatureMismatch()
    {
        var failure = Verifier(SignedAt).Verify(Request(BotocoreSignature), "/", Encoding.UTF8.GetBytes("""{"name": "other"}"""), "proton");
        Assert.Equal(SigV4FailureKind.SignatureMismatch, failure?.Kind);
        Assert.StartsWith("The request signature we calculated does not match", failure!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_WrongSecret_FailsWithSignatureMismatch()
    {
        var verifier = new SigV4Verifier(new SimulatorCredentials(new Dictionary<string, string> { ["test"] = "other" }), new FakeTimeProvider(SignedAt));
        Assert.Equal(SigV4FailureKind.SignatureMismatch, verifier.Verify(Request(BotocoreSignature), "/", Encoding.UTF8.GetBytes(Body), "proton")?.Kind);
    }

    [Fact]
    public void Verify_NoAuthorization_FailsWithMissingAuthentication()
    {
        var request = Request(BotocoreSignature);
        request.Headers.Remove("Authorization");
        Assert.Equal(SigV4FailureKind.MissingAuthentication, Verifier(SignedAt).Verify(request, "/", [], "proton")?.Kind);
    }

    [Fact]
    public void Verify_UnknownAccessKey_FailsWithUnknownAccessKey()
    {
        var request = Request(BotocoreSignature);
        request.Headers.Authorization = request.Headers.Authorization.ToString().Replace("Credential=test/", "Credential=AKIDUNKNOWN/", StringComparison.Ordinal);
        Assert.Equal(SigV4FailureKind.UnknownAccessKey, Verifier(SignedAt).Verify(request, "/", Encoding.UTF8.GetBytes(Body), "proton")?.Kind);
    }

    [Fact]
    public void Verify_GarbledAuthorization_FailsWithIncompleteSignature()
    {
        var request = Request(BotocoreSignature);
        request.Headers.Authorization = "AWS4-HMAC-SHA256 Signature=abc";
        Assert.Equal(SigV4FailureKind.IncompleteSignature, Verifier(SignedAt).Verify(request, "/", Encoding.UTF8.GetBytes(Body), "proton")?.Kind);
    }

    [Fact]
    public void Verify_SignedForAnotherService_FailsWithSignatureMismatch()
    {
        var failure = Verifier(SignedAt).Verify(Request(BotocoreSignature), "/", Encoding.UTF8.GetBytes(Body), "sns");
        Assert.Equal(SigV4FailureKind.SignatureMismatch, failure?.Kind);
        Assert.Contains("'sns'", failure!.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(14, true)]
    [InlineData(16, false)]
    [InlineData(-14, true)]
    [InlineData(-16, false)]
    public void Verify_ClockSkew_AllowsFifteenMinutes(int minutesLater, bool accepted)
    {
        var failure = Verifier(SignedAt.AddMinutes(minutesLater)).Verify(Request(BotocoreSignature), "/", Encoding.UTF8.GetBytes(Body), "proton");
        Assert.Equal(accepted, failure is null);
    }

    private static SigV4Verifier Verifier(DateTimeOffset now) => new(SimulatorCredentials.Default, new FakeTimeProvider(now));

    private static HttpRequest Request(string signature, string signedHeaders = "content-type;host;x-amz-date;x-amz-target")
    {
        var context = new DefaultHttpContext();
        var request = context.Request;
        request.Method = "POST";
        request.Headers.Host = "127.0.0.1:4566";
        request.Headers.ContentType = "application/x-amz-json-1.0";
        request.Headers["X-Amz-Target"] = "AwsProton20200720.GetEnvironment";
        request.Headers["X-Amz-Date"] = "20261126T010303Z";
        request.Headers.Authorization = $"AWS4-HMAC-SHA256 Credential=test/20261126/us-east-1/proton/aws4_request, SignedHeaders={signedHeaders}, Signature={signature}";
        return request;
    }
}
