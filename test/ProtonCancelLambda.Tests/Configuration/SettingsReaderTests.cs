using ProtonCancelLambda.Configuration;

namespace ProtonCancelLambda.Tests.Configuration;

public class SettingsReaderTests
{
    private static DictionaryEnvironmentVariables Environment(params (string Name, string Value)[] extra)
    {
        var values = new Dictionary<string, string>
        {
            ["OUTCOME_TOPIC_ARN"] = "arn:aws:sns:us-east-1:123456789012:outcomes",
            ["AWS_REGION"] = "us-east-1",
        };
        foreach (var (name, value) in extra)
        {
            values[name] = value;
        }

        return new DictionaryEnvironmentVariables(values);
    }

    /// <summary>The poll and concurrency settings in the environment's own units: seconds, and a count.</summary>
    private static (double PollInitial, double PollMax, double PollWindow, double MaxWatch, int MaxConcurrency) Pacing(FunctionSettings settings) =>
        (settings.PollInitial.TotalSeconds, settings.PollMax.TotalSeconds, settings.PollWindow.TotalSeconds, settings.MaxWatch.TotalSeconds, settings.MaxConcurrency);

    [Fact]
    public void Read_WithOnlyRequiredSettings_UsesDocumentedDefaults()
    {
        var settings = SettingsReader.Read(Environment());

        Assert.Equal("arn:aws:sns:us-east-1:123456789012:outcomes", settings.OutcomeTopicArn);
        Assert.Null(settings.RequestQueueUrl);
        Assert.Equal((0.5, 30, 15, 3600, 10), Pacing(settings));
    }

    [Theory]
    [InlineData("AWS_USE_FIPS_ENDPOINT", "true", "is true, but this function does not resolve FIPS endpoints")]
    [InlineData("AWS_USE_FIPS_ENDPOINT", " TRUE ", "is true, but this function does not resolve FIPS endpoints")]
    [InlineData("AWS_USE_DUALSTACK_ENDPOINT", "true", "is true, but this function does not resolve dual-stack endpoints")]
    [InlineData("AWS_USE_DUALSTACK_ENDPOINT", "yes", "'yes' is not true or false.")]
    public void Read_FipsOrDualStackAskedFor_FailsNamingTheSetting(string name, string value, string problem)
    {
        var exception = Assert.Throws<SettingsException>(() => SettingsReader.Read(Environment((name, value))));

        Assert.Equal(name, exception.SettingName);
        Assert.StartsWith($"{name}: {problem}", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AWS_USE_FIPS_ENDPOINT", "false")]
    [InlineData("AWS_USE_DUALSTACK_ENDPOINT", "FALSE")]
    [InlineData("AWS_USE_DUALSTACK_ENDPOINT", "")]
    public void Read_FipsOrDualStackOff_IsAccepted(string name, string value)
    {
        Assert.Equal("us-east-1", SettingsReader.Read(Environment((name, value))).Region);
    }

    [Fact]
    public void Read_WithEverySetting_ReadsThem()
    {
        var settings = SettingsReader.Read(Environment(
            ("OUTCOME_TOPIC_ARN", "arn:aws:sns:eu-west-1:123456789012:outcomes.fifo"),
            ("REQUEST_QUEUE_URL", "https://sqs.eu-west-1.amazonaws.com/123456789012/requests"),
            ("AWS_REGION", "eu-west-1"),
            ("POLL_INITIAL_SECONDS", "1.5"),
            ("POLL_MAX_SECONDS", "15"),
            ("POLL_WINDOW_SECONDS", "45"),
            ("MAX_WATCH_SECONDS", "7200"),
            ("MAX_CONCURRENCY", "4")));

        Assert.Equal("arn:aws:sns:eu-west-1:123456789012:outcomes.fifo", settings.OutcomeTopicArn);
        Assert.Equal("eu-west-1", settings.Region);
        Assert.Equal("https://sqs.eu-west-1.amazonaws.com/123456789012/requests", settings.RequestQueueUrl!.ToString());
        Assert.Equal((1.5, 15, 45, 7200, 4), Pacing(settings));
    }

    [Theory]
    [InlineData("OUTCOME_TOPIC_ARN", "", "OUTCOME_TOPIC_ARN: is required")]
    [InlineData("OUTCOME_TOPIC_ARN", "my-topic", "is not an SNS topic ARN")]
    [InlineData("REQUEST_QUEUE_URL", "queue", "is not an absolute http(s) URL")]
    [InlineData("POLL_INITIAL_SECONDS", "fast", "'fast' is not a number of seconds")]
    [InlineData("POLL_INITIAL_SECONDS", "0", "out of range")]
    [InlineData("POLL_MAX_SECONDS", "0.4", "must be at least POLL_INITIAL_SECONDS")]
    [InlineData("POLL_WINDOW_SECONDS", "901", "out of range")]
    [InlineData("MAX_WATCH_SECONDS", "NaN", "is not a number of seconds")]
    [InlineData("MAX_CONCURRENCY", "0", "out of range")]
    [InlineData("MAX_CONCURRENCY", "2.5", "is not a whole number")]
    [InlineData("AWS_REGION", "", "AWS_REGION: is required")]
    public void Read_WithBadSetting_ThrowsNamingIt(string name, string value, string expected)
    {
        var exception = Assert.Throws<SettingsException>(() => SettingsReader.Read(Environment((name, value))));

        Assert.Equal(name, exception.SettingName);
        Assert.StartsWith(name + ":", exception.Message, StringComparison.Ordinal);
        Assert.Contains(expected, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_RepublishDelay_ReachesThePipelineOptions_AndIsAWholeNumberOfSeconds()
    {
        var options = ProtonCancelLambda.Pipeline.RequestPipelineOptions.From(SettingsReader.Read(Environment(("REPUBLISH_DELAY_SECONDS", "7"))));
        var error = Assert.Throws<SettingsException>(() => SettingsReader.Read(Environment(("REPUBLISH_DELAY_SECONDS", "2.5"))));

        Assert.Equal(TimeSpan.FromSeconds(7), options.RepublishDelay);
        Assert.Equal(TimeSpan.FromSeconds(30), ProtonCancelLambda.Pipeline.RequestPipelineOptions.From(SettingsReader.Read(Environment())).RepublishDelay);
        Assert.Equal("REPUBLISH_DELAY_SECONDS: '2.5' is not a whole number.", error.Message);
    }

    [Fact]
    public void Read_IdempotencyTable_IsOptionalWithADayOfLifetime()
    {
        var without = SettingsReader.Read(Environment());
        var with = SettingsReader.Read(Environment(("IDEMPOTENCY_TABLE_NAME", "proton-cancel-idempotency"), ("IDEMPOTENCY_TTL_SECONDS", "7200")));
        var byArn = SettingsReader.Read(Environment(("IDEMPOTENCY_TABLE_NAME", "arn:aws:dynamodb:us-east-1:123456789012:table/proton-cancel-idempotency")));

        Assert.Null(without.IdempotencyTableName);
        Assert.Equal(TimeSpan.FromDays(1), without.IdempotencyTtl);
        Assert.Equal(("proton-cancel-idempotency", TimeSpan.FromHours(2)), (with.IdempotencyTableName, with.IdempotencyTtl));
        Assert.Equal("arn:aws:dynamodb:us-east-1:123456789012:table/proton-cancel-idempotency", byArn.IdempotencyTableName);
    }

    [Theory]
    [InlineData("IDEMPOTENCY_TABLE_NAME", "no spaces allowed", "IDEMPOTENCY_TABLE_NAME: 'no spaces allowed' is not a DynamoDB table name")]
    [InlineData("IDEMPOTENCY_TABLE_NAME", "ab", "is not a DynamoDB table name")]
    [InlineData("IDEMPOTENCY_TTL_SECONDS", "60", "IDEMPOTENCY_TTL_SECONDS: 60 is out of range; allowed 3600 to")]
    [InlineData("IDEMPOTENCY_TTL_SECONDS", "a day", "IDEMPOTENCY_TTL_SECONDS: 'a day' is not a whole number")]
    public void Read_MalformedIdempotencySetting_NamesIt(string name, string value, string expected)
    {
        var error = Assert.Throws<SettingsException>(() => SettingsReader.Read(Environment((name, value))));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateHandler_WithTheTableAndAMalformedDynamoDbEndpoint_FailsAtInit()
    {
        var environment = Environment(("IDEMPOTENCY_TABLE_NAME", "idempotency"), ("AWS_ENDPOINT_URL_DYNAMODB", "not a url"));
        var logger = new ProtonCancelLambda.Logging.LambdaLogger(TextWriter.Null, ProtonCancelLambda.Logging.LogOptions.Default, TimeProvider.System);

        var error = Assert.Throws<SettingsException>(() => ProtonCancelLambda.Bootstrap.FunctionComposition.CreateHandler(SettingsReader.Read(environment), environment, logger, TimeProvider.System));

        Assert.StartsWith("AWS_ENDPOINT_URL_DYNAMODB:", error.Message, StringComparison.Ordinal);
    }
}
