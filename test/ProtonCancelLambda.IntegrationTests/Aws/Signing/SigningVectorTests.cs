using System.Net;
using System.Text.Json;
using Amazon.Runtime;
using Microsoft.Extensions.Time.Testing;
using ProtonCancelLambda.Aws.Clients;
using ProtonCancelLambda.Aws.Sns;
using ProtonCancelLambda.IntegrationTests.Infrastructure;

namespace ProtonCancelLambda.IntegrationTests.Aws.Signing;

/// <summary>
/// Fixed-time signing vectors: the Authorization header our clients put on the wire equals, byte for byte,
/// the one botocore's SigV4Auth computes for the same request (same headers, same body, same instant).
/// </summary>
public sealed class SigningVectorTests
{
    private static readonly DateTimeOffset SignedAt = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    private const string Environment = """
        {"environment":{"arn":"arn:aws:proton:us-east-1:123456789012:environment/e","name":"e","deploymentStatus":"CANCELLING",
        "createdAt":1,"lastDeploymentAttemptedAt":2,"lastDeploymentSucceededAt":3,"templateName":"t","templateMajorVersion":"1","templateMinorVersion":"0"}}
        """;

    private const string PublishResponse = "<PublishResponse><PublishResult><MessageId>m-1</MessageId></PublishResult></PublishResponse>";

    public static TheoryData<string, string, string?> Cases => new()
    {
        { "proton-get", "https://proton.us-east-1.amazonaws.com/", null },
        { "proton-get", "https://proton.us-east-1.amazonaws.com/", "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ+session/token==" },
        { "proton-cancel", "http://127.0.0.1:4599/", null },
        { "proton-cancel", "http://127.0.0.1:4599/", "FwoGZXIvYXdzEFAaDHRva2VuLXNlc3Npb24=" },
        { "sns-publish", "https://sns.eu-west-1.amazonaws.com/", null },
        { "sns-publish", "https://sns.eu-west-1.amazonaws.com/", "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ+session/token==" },
        { "sns-publish", "http://127.0.0.1:5000/", null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task OurSignature_EqualsBotocoresByteForByte(string call, string endpoint, string? sessionToken)
    {
        var python = await LocalTools.RequirePythonWithBotocoreAsync();
        var region = endpoint.Contains("eu-west-1", StringComparison.Ordinal) ? "eu-west-1" : "us-east-1";
        var credentials = sessionToken is null
            ? new BasicAWSCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
            : (AWSCredentials)new SessionAWSCredentials("ASIAEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", sessionToken);
        var clock = new FakeTimeProvider(SignedAt);
        var deadline = SignedAt.AddMinutes(1);
        var ct = TestContext.Current.CancellationToken;
        string service;
        StubTransport transport;
        if (call.StartsWith("proton", StringComparison.Ordinal))
        {
            service = "proton";
            transport = new StubTransport().Then(() => StubTransport.Json(HttpStatusCode.OK, Environment));
            using var proton = AwsClientFactory.CreateProton(new Uri(endpoint), region, credentials, clock, null, transport);
            _ = call == "proton-get"
                ? await proton.GetEnvironmentAsync("prod-network", deadline, ct)
                : await proton.CancelEnvironmentDeploymentAsync("prod-network", deadline, ct);
        }
        else
        {
            service = "sns";
            transport = new StubTransport().Then(() => StubTransport.Response(HttpStatusCode.OK, PublishResponse, "text/xml"));
            using var sns = AwsClientFactory.CreateSns(new Uri(endpoint), region, credentials, clock, null, transport);
            await sns.PublishAsync(
                new SnsPublishRequest(
                    "arn:aws:sns:eu-west-1:123456789012:outcomes.fifo",
                    """{"outcome":"CANCELLED","reason":"canary alarm ~ 50% * errors"}""",
                    [KeyValuePair.Create("outcome", "CANCELLED"), KeyValuePair.Create("environmentName", "prod-network")],
                    "prod-network",
                    "rb-2291"),
                deadline,
                ct);
        }

        var sent = Assert.Single(transport.Requests);
        var ours = sent.Headers["Authorization"];

        // botocore gets the headers we signed, minus the ones SigV4Auth adds itself.
        var unsignedHeaders = sent.Headers
            .Where(h => h.Key is not ("Authorization" or "X-Amz-Date" or "x-amz-security-token"))
            .ToDictionary(h => h.Key, h => h.Value);
        var spec = JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["method"] = "POST",
            ["url"] = sent.Uri.ToString(),
            ["headers"] = unsignedHeaders,
            ["body"] = Convert.ToBase64String(sent.Content),
            ["region"] = region,
            ["service"] = service,
            ["accessKey"] = credentials.GetCredentials().AccessKey,
            ["secretKey"] = credentials.GetCredentials().SecretKey,
            ["token"] = sessionToken,
            ["time"] = "20261124T100000Z",
        });
        var script = Path.Combine(AppContext.BaseDirectory, "Aws", "Signing", "botocore_sign.py");
        var (exitCode, stdout, stderr) = await LocalTools.RunAsync(python, [script], standardInput: spec);

        Assert.True(exitCode == 0, stderr);
        Assert.Equal(stdout.Trim(), ours);
        if (sessionToken is not null)
        {
            Assert.Contains("x-amz-security-token", ours, StringComparison.Ordinal);
        }
    }
}
