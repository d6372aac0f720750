using System.Text.Json;
using ProtonCancelLambda.Aws;
using ProtonCancelLambda.Aws.Sns;

namespace ProtonCancelLambda.Outcomes;

/// <summary>
/// Publishes outcomes to the topic with the attributes subscribers filter on (at most 5 of the 10 SNS
/// allows, so raw delivery to SQS, which takes 10, carries them all). On a FIFO topic the group is
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
        Add(attributes, "environmentName", outcome.EnvironmentName);
        Add(attributes, "deploymentStatus", outcome.DeploymentStatus);

        // A pipeline subscribes with a filter policy on its own requestId (or correlationId) to receive
        // exactly the outcome of its own request.
        Add(attributes, "requestId", outcome.RequestId);
        Add(attributes, "correlationId", outcome.CorrelationId);

        var message = JsonSerializer.Serialize(outcome, OutcomeJsonContext.Readable.Outcome);
        return Fifo.Names(_topicArn)
            ? new SnsPublishRequest(_topicArn, message, attributes, BoundedId.For(outcome.EnvironmentName ?? "unknown"), BoundedId.For(outcome.RequestId))
            : new SnsPublishRequest(_topicArn, message, attributes);
    }

    // Absent values, and values SNS would refuse (empty, or characters it cannot carry), are left out rather
    // than failing the Publish: the message itself still holds them.
    private static void Add(List<KeyValuePair<string, string>> attributes, string name, string? value)
    {
        if (SnsAttributeValues.IsPublishable(value))
        {
            attributes.Add(new(name, value!));
        }
    }
}
