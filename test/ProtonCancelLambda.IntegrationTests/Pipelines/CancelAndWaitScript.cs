using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Amazon.SQS.Model;
using ProtonCancelLambda.IntegrationTests.Infrastructure;

namespace ProtonCancelLambda.IntegrationTests.Pipelines;

/// <summary>
/// scripts/cancel-and-wait.sh running as a pipeline step would run it: bash and the AWS CLI, endpoint and
/// credentials from the standard AWS variables only (no profile, no config file).
/// </summary>
internal sealed class CancelAndWaitScript : IAsyncDisposable
{
    /// <summary>Long enough for any one step of the script against moto on a loaded machine.</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(120);

    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();

    private CancelAndWaitScript(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_stdout)
                {
                    _stdout.AppendLine(e.Data);
                }
            }
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                _stderr.Enqueue(e.Data);
            }
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public string StdOut
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    public string StdErr => string.Join('\n', _stderr);

    /// <summary>The one JSON line the script prints on every exit.</summary>
    public JsonElement Line
    {
        get
        {
            var lines = StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(lines.Length == 1, $"Expected one line on stdout, got {lines.Length}:\n{StdOut}\nstderr:\n{StdErr}");
            return JsonDocument.Parse(lines[0]).RootElement.Clone();
        }
    }

    public static CancelAndWaitScript Start(MotoServerFixture moto, params string[] arguments) =>
        StartBash(moto, [RepoFiles.PathOf("scripts", "cancel-and-wait.sh"), .. arguments], new Dictionary<string, string>());

    /// <summary>bash with <paramref name="arguments"/> (a script and its arguments) and these variables besides moto's.</summary>
    public static CancelAndWaitScript StartBash(MotoServerFixture moto, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var bash = LocalTools.Require("bash");
        var info = new ProcessStartInfo(bash)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var name in new[] { "AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL_SQS", "AWS_ENDPOINT_URL_SNS", "AWS_ENDPOINT_URL_EVENTBRIDGE", "GITHUB_OUTPUT" })
        {
            info.Environment.Remove(name);
        }

        info.Environment["AWS_ACCESS_KEY_ID"] = moto.AccessKeyId;
        info.Environment["AWS_SECRET_ACCESS_KEY"] = moto.SecretAccessKey;
        info.Environment["AWS_REGION"] = MotoServerFixture.Region;
        info.Environment["AWS_ENDPOINT_URL"] = moto.Endpoint.ToString().TrimEnd('/');
        info.Environment["AWS_CONFIG_FILE"] = "/dev/null";
        info.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null";
        info.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        return new CancelAndWaitScript(Process.Start(info) ?? throw new InvalidOperationException("bash did not start."));
    }

    /// <summary>Waits until the script has logged a line containing <paramref name="text"/>.</summary>
    public async Task WaitForLogAsync(string text, TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        while (!_stderr.Any(line => line.Contains(text, StringComparison.Ordinal)))
        {
            if (_process.HasExited)
            {
                Assert.Fail($"The script exited ({_process.ExitCode}) before logging '{text}'. stderr:\n{StdErr}");
            }

            Assert.True(clock.Elapsed < within, $"The script did not log '{text}' within {within}. stderr:\n{StdErr}");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    public async Task<int> ExitCodeAsync(TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"The script did not exit within {within}. stderr:\n{StdErr}");
        }

        // The parameterless wait also drains the redirected output.
        await _process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
        }

        _process.Dispose();
    }

    /// <summary>No listening queue and no subscription on the topic is left behind.</summary>
    public static async Task AssertNothingLeftAsync(MotoServerFixture moto, string topicArn)
    {
        using var sqs = moto.CreateSqsClient();
        var queues = (await sqs.ListQueuesAsync("cancel-and-wait")).QueueUrls ?? [];
        Assert.True(queues.Count == 0, $"Queues left behind: {string.Join(", ", queues)}");
        var subscriptions = (await moto.AwsAsync("sns", "list-subscriptions-by-topic", "--topic-arn", topicArn)).GetProperty("Subscriptions");
        Assert.Equal(0, subscriptions.GetArrayLength());
    }

    /// <summary>The one message the script sent, received as Lambda's event source mapping would.</summary>
    public async Task<Message> ReceiveRequestAsync(MotoMessaging messaging, string queueUrl)
    {
        var until = DateTimeOffset.UtcNow + Limit;
        while (DateTimeOffset.UtcNow < until)
        {
            var response = await messaging.Sqs.ReceiveMessageAsync(
                new ReceiveMessageRequest { QueueUrl = queueUrl, WaitTimeSeconds = 1, MessageSystemAttributeNames = ["All"] },
                TestContext.Current.CancellationToken);
            if (response.Messages is [var message])
            {
                await messaging.Sqs.DeleteMessageAsync(queueUrl, message.ReceiptHandle, TestContext.Current.CancellationToken);
                return message;
            }

            Assert.False(HasExited, $"The script exited before the request arrived. stderr:\n{StdErr}");
        }

        Assert.Fail($"The script sent nothing to {queueUrl}. stderr:\n{StdErr}");
        return null!;
    }
}
