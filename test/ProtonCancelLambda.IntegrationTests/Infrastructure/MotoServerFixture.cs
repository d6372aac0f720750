using System.Globalization;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.SQS;

namespace ProtonCancelLambda.IntegrationTests.Infrastructure;

/// <summary>
/// A <c>moto_server</c> on a free 127.0.0.1 port with SigV4 checking on: the first few unauthenticated calls
/// create an IAM user with an allow-all policy and an access key, after which moto verifies every signature
/// (and the user's policy) for real. Tests sign with <see cref="AccessKeyId"/>/<see cref="SecretAccessKey"/>.
/// When moto_server is missing the fixture starts nothing; tests call <see cref="RequireRunning"/> first,
/// which skips them (or fails them under REQUIRE_LOCAL_AWS=1).
/// </summary>
public sealed class MotoServerFixture : IAsyncLifetime
{
    public const string Region = "us-east-1";

    // CreateUser, PutUserPolicy, CreateAccessKey: the calls moto lets through before it starts checking.
    private const int SetupActionCount = 3;

    private MotoServerProcess? _moto;

    public Uri Endpoint { get; private set; } = new("http://127.0.0.1:1/");

    public string AccessKeyId { get; private set; } = string.Empty;

    public string SecretAccessKey { get; private set; } = string.Empty;

    /// <summary>
    /// The function's variables with SNS (and SQS) in this moto and Proton in the harness's simulator, signed with
    /// moto's keys; INFO keeps the log readable.
    /// </summary>
    public Dictionary<string, string> FunctionEnvironment(string topicArn) => new(FunctionHarness.BaseEnvironment)
    {
        ["OUTCOME_TOPIC_ARN"] = topicArn,
        ["AWS_ACCESS_KEY_ID"] = AccessKeyId,
        ["AWS_SECRET_ACCESS_KEY"] = SecretAccessKey,
        ["AWS_ENDPOINT_URL_SNS"] = Endpoint.ToString(),
        ["AWS_ENDPOINT_URL_SQS"] = Endpoint.ToString(),
        ["AWS_LAMBDA_LOG_LEVEL"] = "INFO",
    };

    public string? StartupProblem { get; private set; }

    /// <summary>An SDK SQS client for this moto, signed with its keys (to set up queues and read what arrived).</summary>
    public AmazonSQSClient CreateSqsClient() => new(
        new BasicAWSCredentials(AccessKeyId, SecretAccessKey),
        new AmazonSQSConfig { ServiceURL = Endpoint.ToString(), AuthenticationRegion = Region });

    public void RequireRunning()
    {
        LocalTools.Require("moto_server");
        LocalTools.Require("aws");
        if (StartupProblem is not null)
        {
            Assert.Fail(StartupProblem);
        }
    }

    public async ValueTask InitializeAsync()
    {
        if (ToolPath.Find("moto_server") is null || ToolPath.Find("aws") is null)
        {
            return;
        }

        try
        {
            _moto = await MotoServerProcess.StartAsync(new Dictionary<string, string>
            {
                ["INITIAL_NO_AUTH_ACTION_COUNT"] = SetupActionCount.ToString(CultureInfo.InvariantCulture),
            });
            Endpoint = _moto.Endpoint;
            await CreateAccessKeyAsync();
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or JsonException or KeyNotFoundException)
        {
            // A failed start says what moto printed in its message; a failure after it, here.
            StartupProblem = $"moto_server did not start with signature checking on: {ex.Message}\n{_moto?.Log}";
        }
    }

    public ValueTask DisposeAsync()
    {
        _moto?.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Runs the AWS CLI against moto as the fixture's IAM user; returns the parsed JSON output.</summary>
    public async Task<JsonElement> AwsAsync(params string[] arguments)
    {
        var (exitCode, stdout, stderr) = await LocalTools.RunAsync(
            ToolPath.Find("aws") ?? "aws",
            ["--endpoint-url", Endpoint.ToString(), "--region", Region, "--output", "json", .. arguments],
            CliEnvironment(AccessKeyId, SecretAccessKey));
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"aws {string.Join(' ', arguments)} failed ({exitCode}): {stderr}");
        }

        return string.IsNullOrWhiteSpace(stdout) ? default : JsonDocument.Parse(stdout).RootElement.Clone();
    }

    private static Dictionary<string, string?> CliEnvironment(string accessKeyId, string secretAccessKey) => new()
    {
        ["AWS_ACCESS_KEY_ID"] = accessKeyId,
        ["AWS_SECRET_ACCESS_KEY"] = secretAccessKey,
        ["AWS_SESSION_TOKEN"] = null,
        ["AWS_PROFILE"] = null,
        ["AWS_CONFIG_FILE"] = "/dev/null",
        ["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null",
        ["AWS_PAGER"] = string.Empty,
    };

    private async Task CreateAccessKeyAsync()
    {
        // Any key works while moto is not yet checking; these three calls use up the unauthenticated allowance.
        const string policy = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""";
        AccessKeyId = "AKIAIOSFODNN7SETUP00";
        SecretAccessKey = "setup";
        await AwsAsync("iam", "create-user", "--user-name", "proton-cancel-tests");
        await AwsAsync("iam", "put-user-policy", "--user-name", "proton-cancel-tests", "--policy-name", "all", "--policy-document", policy);
        var key = (await AwsAsync("iam", "create-access-key", "--user-name", "proton-cancel-tests")).GetProperty("AccessKey");
        AccessKeyId = key.GetProperty("AccessKeyId").GetString()!;
        SecretAccessKey = key.GetProperty("SecretAccessKey").GetString()!;
    }
}
