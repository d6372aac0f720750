using ProtonCancelLambda.Aws;
using ProtonCancelLambda.Aws.Proton;

namespace ProtonCancelLambda.Tests.Races;

/// <summary>
/// Issue 19 B4 (second half). A Publish that failed in a way that may still have delivered the message (an attempt
/// timeout, a 5xx, a connection broken after sending) can make the outcome a duplicate when it is published again.
/// It is counted and logged as such. The observable chosen: an EMF metric <c>UncertainPublishes</c> (count 1 per
/// such publish, in the function's namespace) and a WARN log line naming the requestId with the words
/// "may have been published".
/// </summary>
public class UncertainPublishTests
{
    public static TheoryData<string, int?, bool> MaybeDelivered => new()
    {
        { "RequestTimeout", null, false },   // the attempt timed out: SNS may have taken it
        { "InternalError", 500, false },     // a 5xx after the request reached SNS
        { "NetworkError", null, true },      // a broken connection after an earlier attempt went unanswered
    };

    [Theory]
    [MemberData(nameof(MaybeDelivered))]
    public async Task PublishThatMayHaveTakenEffect_IsCountedAndLogged(string errorCode, int? status, bool earlierUnanswered)
    {
        var rig = new FunctionRig(new WaitAwareClock(SqsEvents.SentAt.AddSeconds(1)));
        rig.Proton.Add("prod-network", status: DeploymentStatuses.Succeeded);
        rig.Sns.Behaviour = (_, _) => throw new AwsServiceException(errorCode, "the publish may or may not have been delivered", status, isRetryable: true) { EarlierAttemptMayHaveTakenEffect = earlierUnanswered };

        await rig.InvokeAsync(SqsEvents.Batch(SqsEvents.Record("m-1", RaceEvents.Request("rb-uncertain"))));

        var log = rig.Log.ToString();
        var lines = log.Split('\n');
        Assert.True(
            lines.Any(line => line.Contains("\"UncertainPublishes\":1", StringComparison.Ordinal)),
            $"no EMF line with \"UncertainPublishes\":1 after a publish that failed with {errorCode}; log:\n{log}");
        Assert.True(
            lines.Any(line => line.Contains("rb-uncertain", StringComparison.Ordinal) && line.Contains("may have been published", StringComparison.Ordinal)),
            $"no log line saying rb-uncertain's outcome may have been published after {errorCode}; log:\n{log}");
    }
}
