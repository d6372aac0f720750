using System.Text.Json;
using ProtonCancelLambda.IntegrationTests.Infrastructure;

namespace ProtonCancelLambda.IntegrationTests.Runtime;

/// <summary>The runtime edge against the Runtime API emulator: this build in-process and the published AOT binary.</summary>
public sealed class RuntimeLoopTests(PublishedBootstrap bootstrap)
{
    private static IReadOnlyDictionary<string, string> BaseEnvironment => FunctionHarness.BaseEnvironment;

    [Theory]
    [InlineData(FunctionMode.InProcess)]
    [InlineData(FunctionMode.Aot)]
    public async Task UnknownEventShape_PostsInvocationErrorNamingWhatArrived(FunctionMode mode)
    {
        await using var harness = await FunctionHarness.StartAsync(mode, BaseEnvironment, bootstrap);

        var result = await harness.InvokeAsync("""{"hello":"world","answer":42}""");

        Assert.True(result.IsError);
        Assert.Equal("application/vnd.aws.lambda.error+json", result.ContentType);
        Assert.Equal("UnrecognizedEventException", result.ErrorTypeHeader);
        using var error = JsonDocument.Parse(result.Body);
        Assert.Equal("UnrecognizedEventException", error.RootElement.GetProperty("errorType").GetString());
        Assert.Contains("[hello, answer]", error.RootElement.GetProperty("errorMessage").GetString());
        Assert.Equal(JsonValueKind.Array, error.RootElement.GetProperty("stackTrace").ValueKind);
    }

    [Theory]
    [InlineData(FunctionMode.InProcess)]
    [InlineData(FunctionMode.Aot)]
    public async Task PayloadThatIsNotJson_PostsInvocationError_AndTheLoopGoesOn(FunctionMode mode)
    {
        await using var harness = await FunctionHarness.StartAsync(mode, BaseEnvironment, bootstrap);

        var first = await harness.InvokeAsync("this is not json");
        var second = await harness.InvokeAsync("[1,2,3]");

        Assert.True(first.IsError);
        Assert.Contains("not JSON", JsonDocument.Parse(first.Body).RootElement.GetProperty("errorMessage").GetString());
        Assert.True(second.IsError);
        Assert.Contains("JSON an array", JsonDocument.Parse(second.Body).RootElement.GetProperty("errorMessage").GetString());
    }

    [Theory]
    [InlineData(FunctionMode.InProcess)]
    [InlineData(FunctionMode.Aot)]
    [InlineData(FunctionMode.AotArm64)]
    public async Task MissingTopicSetting_PostsInitErrorNamingIt_AndExitsNonZero(FunctionMode mode)
    {
        var environment = new Dictionary<string, string>(BaseEnvironment);
        environment.Remove("OUTCOME_TOPIC_ARN");
        await using var harness = await FunctionHarness.StartAsync(mode, environment, bootstrap);

        var initError = await harness.Emulator.InitError.WaitAsync(TimeSpan.FromSeconds(30));
        var exitCode = await harness.Host.Exited.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.NotEqual(0, exitCode);
        Assert.Equal("Runtime.ConfigurationError", initError.ErrorTypeHeader);
        Assert.Equal("application/vnd.aws.lambda.error+json", initError.ContentType);
        using var body = JsonDocument.Parse(initError.Body);
        Assert.Contains("OUTCOME_TOPIC_ARN", body.RootElement.GetProperty("errorMessage").GetString());
        Assert.Equal("Runtime.ConfigurationError", body.RootElement.GetProperty("errorType").GetString());
    }

    [Theory]
    [InlineData(FunctionMode.InProcess, "AWS_USE_FIPS_ENDPOINT")]
    [InlineData(FunctionMode.Aot, "AWS_USE_DUALSTACK_ENDPOINT")]
    public async Task AnEndpointVariantItCannotResolve_FailsTheInitNamingIt(FunctionMode mode, string setting)
    {
        var environment = new Dictionary<string, string>(BaseEnvironment) { [setting] = "true" };
        await using var harness = await FunctionHarness.StartAsync(mode, environment, bootstrap);

        var initError = await harness.Emulator.InitError.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("Runtime.ConfigurationError", initError.ErrorTypeHeader);
        using var body = JsonDocument.Parse(initError.Body);
        Assert.StartsWith($"{setting}: is true, but this function does not resolve", body.RootElement.GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(FunctionMode.InProcess)]
    [InlineData(FunctionMode.Aot)]
    public async Task MalformedSetting_PostsInitErrorNamingIt(FunctionMode mode)
    {
        var environment = new Dictionary<string, string>(BaseEnvironment) { ["MAX_CONCURRENCY"] = "lots" };
        await using var harness = await FunctionHarness.StartAsync(mode, environment, bootstrap);

        var initError = await harness.Emulator.InitError.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Contains("MAX_CONCURRENCY", initError.BodyText);
        Assert.Contains("lots", initError.BodyText);
    }

    [Theory]
    [InlineData(FunctionMode.InProcess)]
    [InlineData(FunctionMode.Aot)]
    public async Task TraceIdAndDeadline_AreVisibleToTheHandler(FunctionMode mode)
    {
        const string traceId = "Root=1-67891233-abcdef012345678912345678;Parent=0123456789abcdef;Sampled=1";
        await using var harness = await FunctionHarness.StartAsync(mode, BaseEnvironment, bootstrap);

        await harness.InvokeAsync("""{"not":"an event"}""", TimeSpan.FromSeconds(42), traceId);

        var started = harness.JsonLogs.Single(line => line.TryGetProperty("message", out var message) && message.GetString()!.StartsWith("Invocation started", StringComparison.Ordinal));
        Assert.Equal(traceId, started.GetProperty("traceId").GetString());
        var remainingMs = started.GetProperty("remainingMs").GetInt64();
        Assert.InRange(remainingMs, 35_000, 42_000);
        Assert.Equal("DEBUG", started.GetProperty("level").GetString());
        Assert.True(DateTimeOffset.TryParse(started.GetProperty("timestamp").GetString(), out _));
        Assert.False(string.IsNullOrEmpty(started.GetProperty("requestId").GetString()));
    }

    [Theory]
    [InlineData(FunctionMode.InProcess)]
    [InlineData(FunctionMode.Aot)]
    public async Task RuntimeApi500_EndsTheProcessPromptly(FunctionMode mode)
    {
        await using var harness = await FunctionHarness.StartAsync(mode, BaseEnvironment, bootstrap);
        await harness.InvokeAsync("""{"warm":"up"}""");

        harness.Emulator.FailNextRequestWith500();
        var exitCode = await harness.Host.Exited.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.NotEqual(0, exitCode);
    }

    [Theory]
    [InlineData(FunctionMode.InProcess)]
    [InlineData(FunctionMode.Aot)]
    public async Task AfterAFailedInvocation_LaterLinesDoNotCarryItsRequestId(FunctionMode mode)
    {
        await using var harness = await FunctionHarness.StartAsync(mode, BaseEnvironment, bootstrap);
        var failed = await harness.InvokeAsync("this is not json");

        harness.Emulator.FailNextRequestWith500();
        await harness.Host.Exited.WaitAsync(TimeSpan.FromSeconds(30));

        static bool Says(JsonElement line, string start) => line.TryGetProperty("message", out var message) && message.GetString()!.StartsWith(start, StringComparison.Ordinal);
        var failure = Assert.Single(harness.JsonLogs, line => Says(line, "Invocation failed"));
        Assert.Equal(failed.RequestId, failure.GetProperty("requestId").GetString());
        var exiting = Assert.Single(harness.JsonLogs, line => Says(line, "Runtime API failed"));
        Assert.False(exiting.TryGetProperty("requestId", out _), exiting.ToString());
    }

    [Theory]
    [InlineData(FunctionMode.InProcess)]
    [InlineData(FunctionMode.Aot)]
    [InlineData(FunctionMode.AotArm64)]
    public async Task Logs_NeverContainTheSecretKey(FunctionMode mode)
    {
        var environment = new Dictionary<string, string>(BaseEnvironment)
        {
            ["AWS_SECRET_ACCESS_KEY"] = "wJalrXUtnFEMI-K7MDENG-bPxRfiCYSECRET",
            ["AWS_SESSION_TOKEN"] = "FwoGZXIvYXdzEXAMPLESESSIONTOKEN",
            ["AWS_LAMBDA_LOG_LEVEL"] = "TRACE",
        };
        await using var harness = await FunctionHarness.StartAsync(mode, environment, bootstrap);

        await harness.InvokeAsync("""{"Records":[{"messageId":"m-1","body":"{\"environmentName\":\"bad name\"}","eventSource":"aws:sqs"}]}""");
        await harness.InvokeAsync("""{"not":"an event"}""");

        Assert.NotEmpty(harness.LogLines);
        Assert.DoesNotContain(harness.LogLines, line => line.Contains("SECRET", StringComparison.Ordinal) || line.Contains("SESSIONTOKEN", StringComparison.Ordinal));
    }
}
