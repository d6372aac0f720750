using System.Text;
using System.Text.Json;
using ProtonCancelLambda.IntegrationTests.Infrastructure;
using ProtonCancelLambda.Local.RuntimeEmulator;

namespace ProtonCancelLambda.IntegrationTests.Runtime;

/// <summary>
/// The emulator enforces the deadline as Lambda does: an invocation unanswered at its deadline is a
/// <c>Sandbox.Timedout</c> error, the runtime is stopped, and an answer that comes later is refused.
/// </summary>
public sealed class RuntimeDeadlineTests
{
    // A runtime that takes its event and never answers (python3, so no build is needed for it).
    private const string SilentRuntime = """
        #!/usr/bin/env python3
        import os, time, urllib.request
        urllib.request.urlopen("http://" + os.environ["AWS_LAMBDA_RUNTIME_API"] + "/2018-06-01/runtime/invocation/next").read()
        time.sleep(120)
        """;

    [Fact]
    public async Task InvocationUnansweredAtItsDeadline_TimesOut_AndTheRuntimeIsStopped()
    {
        LocalTools.Require("python3");
        if (OperatingSystem.IsWindows())
        {
            Assert.Skip("The silent runtime is a script with a shebang line.");
            return;
        }

        var script = Path.Combine(Path.GetTempPath(), $"silent-runtime-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(script, SilentRuntime.Replace("\r", string.Empty, StringComparison.Ordinal), TestContext.Current.CancellationToken);
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        try
        {
            await using var emulator = await RuntimeApiEmulator.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
            await using var host = FunctionHost.Start(FunctionLaunch.Executable(script), emulator, new Dictionary<string, string>(), TextWriter.Null);

            var started = DateTimeOffset.UtcNow;
            var result = await emulator.InvokeAsync(new InvocationRequest(Encoding.UTF8.GetBytes("{}")) { Timeout = TimeSpan.FromSeconds(2) }, TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
            var exitCode = await host.Exited.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

            Assert.True(result.TimedOut);
            Assert.True(DateTimeOffset.UtcNow - started >= TimeSpan.FromSeconds(2));
            Assert.Equal("Sandbox.Timedout", JsonDocument.Parse(result.Body).RootElement.GetProperty("errorType").GetString());
            Assert.True(host.StoppedForTimeout);
            Assert.NotEqual(0, exitCode);

            using var http = new HttpClient();
            using var late = await http.PostAsync(new Uri($"http://{emulator.Address}/2018-06-01/runtime/invocation/{result.RequestId}/response"), new StringContent("{}"), TestContext.Current.CancellationToken);
            Assert.Equal(System.Net.HttpStatusCode.BadRequest, late.StatusCode);
        }
        finally
        {
            File.Delete(script);
        }
    }
}
