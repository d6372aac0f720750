using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ProtonCancelLambda.Aws.Sns;

namespace ProtonCancelLambda.Outcomes;

/// <summary>
/// Publishes outcomes to the topic with the attributes subscribers filter on. On a FIFO topic the group is
/// the environment (outcomes of one environment stay in order) and the deduplication id is the request id.
/// </summary>
public sealed class SnsOutcomePublisher : IOutcomePublisher
{
    private const int MaxFifoIdLength = 128;
    private readonly ISnsPublisher _sns;
    private readonly string _topicArn;

    public SnsOutcomePublisher(ISnsPublisher sns, string topicArn)
    {
        _sns = sns;
        _topicArn = topicArn;
    }

    private bool IsFifo => _topicArn.EndsWith(".fifo", StringComparison.Ordinal);

    public Task PublishAsync(Outcome outcome, DateTimeOffset deadline, CancellationToken cancellationToken) =>
        _sns.PublishAsync(ToRequest(outcome), deadline, cancellationToken);

    internal SnsPublishRequest ToRequest(Outcome outcome)
    {
        var attributes = new List<KeyValuePair<string, string>> { new("outcome", outcome.Kind) };

        // SNS refuses empty String attribute values: absent values are left out rather than sent empty.
        if (!string.IsNullOrEmpty(outcome.EnvironmentName))
        {
            attributes.Add(new("environmentName", outcome.EnvironmentName));
        }

        if (!string.IsNullOrEmpty(outcome.DeploymentStatus))
        {
            attributes.Add(new("deploymentStatus", outcome.DeploymentStatus));
        }

        var message = JsonSerializer.Serialize(outcome, OutcomeJsonContext.Readable.Outcome);
        return IsFifo
            ? new SnsPublishRequest(_topicArn, message, attributes, FifoId(outcome.EnvironmentName ?? "unknown"), FifoId(outcome.RequestId))
            : new SnsPublishRequest(_topicArn, message, attributes);
    }

    /// <summary>
    /// FIFO ids allow at most 128 printable ASCII characters; any other id is replaced by its SHA-256, which
    /// keeps deduplication exact.
    /// </summary>
    internal static string FifoId(string value) =>
        value.Length is > 0 and <= MaxFifoIdLength && value.All(c => c is >= '!' and <= '~')
            ? value
            : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}
