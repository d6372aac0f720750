using System.Net;
using System.Text;
using System.Text.Json;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using ProtonCancelLambda.IntegrationTests.Infrastructure;
using ProtonCancelLambda.Local.Services;
using ProtonCancelLambda.Local.Simulator;
using ProtonCancelLambda.Local.Simulator.Scenario;

namespace ProtonCancelLambda.IntegrationTests.Simulator;

/// <summary>
/// Walks every kind of response the simulator sends (each operation's success, each error) and checks it
/// against the official model: body shape, HTTP status, content type and AWS's error headers. Requests are
/// signed by AWSSDK.Core's own SigV4 handler, a signer independent of the simulator's verifier.
/// </summary>
public class ModelConformanceTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    // Errors any AWS JSON service sends before an operation runs; they are not in operation models.
    private static readonly string[] CommonErrors =
    [
        "UnknownOperationException", "SerializationException", "MissingAuthenticationTokenException",
        "IncompleteSignatureException", "UnrecognizedClientException", "InvalidSignatureException",
    ];

    private static readonly ServiceModel Model = ServiceModel.Load(RepositoryPaths.AwsModel("proton"));

    public static TheoryData<string, string, string?> Cases => new()
    {
        { "GetEnvironment", """{"name":"conf-get"}""", null },
        { "GetEnvironment", """{"name":"conf-done"}""", null },
        { "CancelEnvironmentDeployment", """{"environmentName":"conf-cancel"}""", null },
        { "UpdateEnvironment", """{"name":"conf-update","deploymentType":"MAJOR_VERSION","description":"d","spec":"proton: EnvironmentSpec","protonServiceRoleArn":"arn:aws:iam::123456789012:role/proton","codebuildRoleArn":"arn:aws:iam::123456789012:role/cb","componentRoleArn":"arn:aws:iam::123456789012:role/comp","provisioningRepository":{"branch":"main","name":"org/repo","provider":"GITHUB"}}""", null },
        { "GetEnvironment", """{"name":"no-such-environment"}""", "ResourceNotFoundException" },
        { "CancelEnvironmentDeployment", """{"environmentName":"no-such-environment"}""", "ResourceNotFoundException" },
        { "UpdateEnvironment", """{"name":"no-such-environment","deploymentType":"NONE"}""", "ResourceNotFoundException" },
        { "GetEnvironment", """{}""", "ValidationException" },
        { "GetEnvironment", """{"name":"not a name"}""", "ValidationException" },
        { "CancelEnvironmentDeployment", """{"environmentName":"conf-done"}""", "ValidationException" },
        { "UpdateEnvironment", """{"name":"conf-get"}""", "ValidationException" },
        { "UpdateEnvironment", """{"name":"conf-get","deploymentType":"CURRENT_VERSION","templateMajorVersion":"01"}""", "ValidationException" },
        { "UpdateEnvironment", """{"name":"conf-get","deploymentType":"CURRENT_VERSION"}""", "ConflictException" },
        { "GetEnvironment", """{"name":"conf-denied"}""", "AccessDeniedException" },
        { "CancelEnvironmentDeployment", """{"environmentName":"conf-throttled"}""", "ThrottlingException" },
        { "UpdateEnvironment", """{"name":"conf-internal","deploymentType":"NONE"}""", "InternalServerException" },
        { "UpdateEnvironment", """{"name":"conf-conflict","deploymentType":"NONE"}""", "ConflictException" },
        { "GetEnvironment", """{"name":42}""", "SerializationException" },
        { "GetEnvironment", "not json", "SerializationException" },
        { "ListEnvironments", "{}", "UnknownOperationException" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Response_ConformsToTheModel(string operation, string body, string? expectedError)
    {
        using var client = SignedClient("test");
        var response = await client.SendAsync(Request(fixture.Simulator.Endpoint, operation, body), TestContext.Current.CancellationToken);

        await AssertConformsAsync(response, operation, expectedError);
    }

    [Fact]
    public async Task Response_AfterCancelSettles_ConformsToTheModel()
    {
        using var client = SignedClient("test");
        await client.SendAsync(Request(fixture.Simulator.Endpoint, "CancelEnvironmentDeployment", """{"environmentName":"conf-settled"}"""), TestContext.Current.CancellationToken);
        var response = await client.SendAsync(Request(fixture.Simulator.Endpoint, "GetEnvironment", """{"name":"conf-settled"}"""), TestContext.Current.CancellationToken);

        var body = await AssertConformsAsync(response, "GetEnvironment", null);
        Assert.Equal("CANCELLED", body.GetProperty("environment").GetProperty("deploymentStatus").GetString());
    }

    [Fact]
    public async Task Response_WrongSecret_IsInvalidSignatureException()
    {
        using var client = SignedClient("wrong");
        var response = await client.SendAsync(Request(fixture.Simulator.Endpoint, "GetEnvironment", """{"name":"conf-get"}"""), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await AssertConformsAsync(response, "GetEnvironment", "InvalidSignatureException");
    }

    [Fact]
    public async Task Response_Unsigned_IsMissingAuthenticationTokenException()
    {
        using var client = new HttpClient();
        var response = await client.SendAsync(Request(fixture.Simulator.Endpoint, "GetEnvironment", """{"name":"conf-get"}"""), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await AssertConformsAsync(response, "GetEnvironment", "MissingAuthenticationTokenException");
    }

    [Theory]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKIDUNKNOWN/20261126/us-east-1/proton/aws4_request, SignedHeaders=host;x-amz-date, Signature=00", "UnrecognizedClientException")]
    [InlineData("AWS4-HMAC-SHA256 Signature=00", "IncompleteSignatureException")]
    public async Task Response_BadAuthorization_IsACommonAuthError(string authorization, string expectedError)
    {
        using var client = new HttpClient();
        var request = Request(fixture.Simulator.Endpoint, "GetEnvironment", """{"name":"conf-get"}""");
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        request.Headers.TryAddWithoutValidation("X-Amz-Date", DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture));

        await AssertConformsAsync(await client.SendAsync(request, TestContext.Current.CancellationToken), "GetEnvironment", expectedError);
    }

    [Fact]
    public async Task Response_InjectedFaults_AreThrottlingAndInternalServerExceptions()
    {
        var scenario = new SimulationScenario
        {
            Environments = [new ScenarioEnvironment { Name = "e1" }],
            Faults = new ScenarioFaults { ThrottleEveryNth = 2, ServerErrorRate = 1 },
        };
        await using var simulator = await AwsSimulator.StartAsync(new SimulatorOptions { Scenario = scenario }, TestContext.Current.CancellationToken);
        using var client = SignedClient("test");

        var first = await client.SendAsync(Request(simulator.Endpoint, "GetEnvironment", """{"name":"e1"}"""), TestContext.Current.CancellationToken);
        var second = await client.SendAsync(Request(simulator.Endpoint, "GetEnvironment", """{"name":"e1"}"""), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.InternalServerError, first.StatusCode);
        await AssertConformsAsync(first, "GetEnvironment", "InternalServerException");
        await AssertConformsAsync(second, "GetEnvironment", "ThrottlingException");
        Assert.Equal(new { Get = 2, Throttled = 1, ServerErrors = 1 }, new { Get = simulator.Calls.GetEnvironment, simulator.Calls.Throttled, simulator.Calls.ServerErrors });
    }

    private static async Task<JsonElement> AssertConformsAsync(HttpResponseMessage response, string operation, string? expectedError)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        using var document = JsonDocument.Parse(text);
        var body = document.RootElement.Clone();
        Assert.Equal("application/x-amz-json-1.0", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.Contains("x-amzn-RequestId"), "x-amzn-RequestId missing");

        if (expectedError is null)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Empty(Model.Validate(body, Model.OutputShape(operation)));
            return body;
        }

        var type = body.GetProperty("__type").GetString();
        Assert.Equal(expectedError, type);
        Assert.Equal(type, response.Headers.GetValues("x-amzn-ErrorType").Single());
        var status = (int)response.StatusCode;
        Assert.True(type == "InternalServerException" ? status == 500 : status is >= 400 and < 500, $"{type} came with HTTP {status}");
        if (CommonErrors.Contains(type))
        {
            Assert.False(string.IsNullOrEmpty(body.GetProperty("message").GetString()));
        }
        else
        {
            Assert.Contains(type, Model.Errors(operation));
            var members = body.EnumerateObject().Where(p => p.Name != "__type").ToDictionary(p => p.Name, p => p.Value);
            Assert.Empty(Model.Validate(JsonSerializer.SerializeToElement(members), type!));
        }

        return body;
    }

    private static HttpClient SignedClient(string secret) =>
        new(new SigV4SigningHandler(new BasicAWSCredentials("test", secret), RegionEndpoint.USEast1, "proton", new HttpClientHandler { AllowAutoRedirect = false }));

    private static HttpRequestMessage Request(Uri endpoint, string operation, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
        {
            Content = new StringContent(body, Encoding.UTF8),
        };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-amz-json-1.0");
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "AwsProton20200720." + operation);
        return request;
    }
}
