using System.Text.Json;
using ProtonCancelLambda.Aws;
using ProtonCancelLambda.Aws.Sns;

namespace ProtonCancelLambda.Outcomes;

/// <summary>
/// Publishes outcomes to the topic with the attributes subscribers filter on. On a FIFO topic the group is
/// the environment (outcomes of one environment stay in order) and the deduplication id is the request id.
/// </summary>
public sealed class SnsOutcomePublisher : IOutcomePublisher
{
    private readonly ISnsPublisher _sns;
    private readonly string _topicArn;

    public SnsOutcomePublisher(ISnsPublisher sns, string topicArn)
    {
        _sns = sns;
        _topicArn = topicArn;
    }

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
        return Fifo.Names(_topicArn)
            ? new SnsPublishRequest(_topicArn, message, attributes, Fifo.Id(outcome.EnvironmentName ?? "unknown"), Fifo.Id(outcome.RequestId))
            : new SnsPublishRequest(_topicArn, message, attributes);
    }
}
