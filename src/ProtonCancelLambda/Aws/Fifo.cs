namespace ProtonCancelLambda.Aws;

/// <summary>The FIFO rule SNS topics and SQS queues share: the name suffix. Their ids follow <see cref="BoundedId"/>.</summary>
public static class Fifo
{
    /// <summary>Whether the topic ARN, queue URL or queue ARN names a FIFO topic or queue.</summary>
    public static bool Names(string arnOrUrl) => arnOrUrl.EndsWith(".fifo", StringComparison.Ordinal);
}
