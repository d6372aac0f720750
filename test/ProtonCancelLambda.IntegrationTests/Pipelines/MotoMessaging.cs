using System.Text.Json;
using Amazon.SQS;
using Amazon.SQS.Model;
using ProtonCancelLambda.IntegrationTests.Infrastructure;

namespace ProtonCancelLambda.IntegrationTests.Pipelines;

/// <summary>Topics, queues and subscriptions in moto for the pipeline tests, and what arrived on a queue.</summary>
internal sealed class MotoMessaging(MotoServerFixture moto) : IDisposable
{
    private readonly AmazonSQSClient _sqs = moto.CreateSqsClient();

    public AmazonSQSClient Sqs => _sqs;

    public async Task<string> CreateTopicAsync(string prefix) =>
        (await moto.AwsAsync("sns", "create-topic", "--name", $"{prefix}-{Guid.NewGuid():N}")).GetProperty("TopicArn").GetString()!;

    public async Task<(string Url, string Arn)> CreateQueueAsync(string prefix)
    {
        var url = (await _sqs.CreateQueueAsync($"{prefix}-{Guid.NewGuid():N}", TestContext.Current.CancellationToken)).QueueUrl;
        var arn = (await _sqs.GetQueueAttributesAsync(url, ["QueueArn"], TestContext.Current.CancellationToken)).QueueARN;
        return (url, arn);
    }

    /// <summary>
    /// A CloudFormation stack with the outputs cancel-and-wait.sh reads (a queue, a topic, the default bus and
    /// the rule's source), as <c>--stack</c> finds them; returns its name and outputs.
    /// </summary>
    public async Task<(string Stack, Dictionary<string, string> Outputs)> CreateStackAsync()
    {
        var stack = $"proton-cancel-{Guid.NewGuid():N}"[..30];
        await moto.AwsAsync("cloudformation", "create-stack", "--stack-name", stack, "--template-body", """
            {"Resources":{"Requests":{"Type":"AWS::SQS::Queue"},"Outcomes":{"Type":"AWS::SNS::Topic"}},
             "Outputs":{"RequestQueueUrl":{"Value":{"Ref":"Requests"}},"OutcomeTopicArn":{"Value":{"Ref":"Outcomes"}},
                        "EventBusName":{"Value":"default"},"RequestEventSource":{"Value":"custom.rollback-pipeline"}}}
            """);
        var outputs = (await moto.AwsAsync("cloudformation", "describe-stacks", "--stack-name", stack)).GetProperty("Stacks")[0].GetProperty("Outputs")
            .EnumerateArray().ToDictionary(o => o.GetProperty("OutputKey").GetString()!, o => o.GetProperty("OutputValue").GetString()!);
        return (stack, outputs);
    }

    /// <summary>A raw-delivery SQS subscription, filtered on message attributes when a policy is given.</summary>
    public async Task<string> SubscribeAsync(string topicArn, string queueArn, string? filterPolicy = null)
    {
        var attributes = new Dictionary<string, string> { ["RawMessageDelivery"] = "true" };
        if (filterPolicy is not null)
        {
            attributes["FilterPolicy"] = filterPolicy;
        }

        var subscription = await moto.AwsAsync(
            "sns", "subscribe", "--topic-arn", topicArn, "--protocol", "sqs", "--notification-endpoint", queueArn,
            "--attributes", JsonSerializer.Serialize(attributes), "--return-subscription-arn");
        return subscription.GetProperty("SubscriptionArn").GetString()!;
    }

    /// <summary>Everything on the queue now, deleted as read; stops at the first empty receive.</summary>
    public async Task<List<Message>> DrainAsync(string queueUrl)
    {
        var all = new List<Message>();
        while (true)
        {
            var response = await _sqs.ReceiveMessageAsync(
                new ReceiveMessageRequest { QueueUrl = queueUrl, MaxNumberOfMessages = 10, WaitTimeSeconds = 1, MessageAttributeNames = ["All"], MessageSystemAttributeNames = ["All"] },
                TestContext.Current.CancellationToken);
            var messages = response.Messages ?? [];
            if (messages.Count == 0)
            {
                return all;
            }

            all.AddRange(messages);
            foreach (var message in messages)
            {
                await _sqs.DeleteMessageAsync(queueUrl, message.ReceiptHandle, TestContext.Current.CancellationToken);
            }
        }
    }

    public void Dispose() => _sqs.Dispose();
}
