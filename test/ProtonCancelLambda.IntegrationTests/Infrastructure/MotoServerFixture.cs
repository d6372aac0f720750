using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

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

    private Process? _process;
    private readonly System.Text.StringBuilder _log = new();

    public Uri Endpoint { get; private set; } = new("http://127.0.0.1:1/");

    public string AccessKeyId { get; private set; } = string.Empty;

    public string SecretAccessKey { get; private set; } = string.Empty;

    public string? StartupProblem { get; private set; }

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
        var motoServer = LocalTools.Find("moto_server");
        var aws = LocalTools.Find("aws");
        if (motoServer is null || aws is null)
        {
            return;
        }

        try
        {
            await StartAsync(motoServer);
            await CreateAccessKeyAsync();
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or JsonException or KeyNotFoundException)
        {
            lock (_log)
            {
                StartupProblem = $"moto_server did not start with signature checking on: {ex.Message}\n{_log}";
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(wait.Token);
        }

        _process?.Dispose();
    }

    /// <summary>Runs the AWS CLI against moto as the fixture's IAM user; returns the parsed JSON output.</summary>
    public async Task<JsonElement> AwsAsync(params string[] arguments)
    {
        var (exitCode, stdout, stderr) = await LocalTools.RunAsync(
            LocalTools.Find("aws") ?? "aws",
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

    private void AppendLog(string? line)
    {
        lock (_log)
        {
            _log.AppendLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task StartAsync(string motoServer)
    {
        var port = FreePort();

        // moto's own server, started through a launcher that makes DynamoDB's conditional writes atomic (see
        // moto_server_atomic.py), on the interpreter moto_server itself runs on.
        var python = PythonOf(motoServer);
        var launcher = Path.Combine(AppContext.BaseDirectory, "Infrastructure", "moto_server_atomic.py");
        var info = new ProcessStartInfo(python ?? motoServer)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (python is not null)
        {
            info.ArgumentList.Add(launcher);
        }

        foreach (var argument in new[] { "-H", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["INITIAL_NO_AUTH_ACTION_COUNT"] = SetupActionCount.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _process = Process.Start(info) ?? throw new InvalidOperationException("moto_server did not start.");
        _process.OutputDataReceived += (_, e) => AppendLog(e.Data);
        _process.ErrorDataReceived += (_, e) => AppendLog(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        Endpoint = new Uri($"http://127.0.0.1:{port}/");

        // A GET on reset-auth answers 400 without side effects (and without counting as an action).
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"moto_server exited with code {_process.ExitCode}.");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(Endpoint, "/moto-api/reset-auth"));
                return;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100);
            }
            catch (TaskCanceledException)
            {
                await Task.Delay(100);
            }
        }

        throw new TimeoutException($"moto_server did not answer on {Endpoint} within 30 s.");
    }

    /// <summary>
    /// The interpreter named by moto_server's own #! line when it is a Python script (pip, pipx, a virtualenv),
    /// else python3 on PATH (a pyenv shim, which runs the same Python).
    /// </summary>
    private static string? PythonOf(string motoServer)
    {
        var firstLine = File.ReadLines(motoServer).FirstOrDefault() ?? string.Empty;
        if (firstLine.StartsWith("#!", StringComparison.Ordinal) && firstLine.Contains("python", StringComparison.Ordinal))
        {
            var parts = firstLine[2..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return parts[0].EndsWith("/env", StringComparison.Ordinal) && parts.Length > 1 ? LocalTools.Find(parts[1]) : parts[0];
        }

        return LocalTools.Find("python3");
    }

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
