using ProtonCancelLambda.Local.EventSource;

namespace ProtonCancelLambda.IntegrationTests.Evidence;

/// <summary>The rig's model of Lambda's loop detection and its reading of template.yaml.</summary>
public sealed class LoopDetectionTests
{
    private const string FunctionArn = "arn:aws:lambda:us-east-1:123456789012:function:ProtonCancelFunction";

    [Fact]
    public void Template_AllowsTheLoop_AndRedrivesAfterFiveDeliveries()
    {
        var rules = TemplateRules.FromRepository(RepoFiles.Root);

        Assert.Equal(("Allow", 5), (rules.RecursiveLoop, rules.MaxReceiveCount));
        Assert.Equal((10, 1.0, 420.0, 60.0), (rules.BatchSize, rules.BatchingWindow.TotalSeconds, rules.VisibilityTimeout.TotalSeconds, rules.FunctionTimeout.TotalSeconds));
    }

    [Fact]
    public void TemplateWithoutRecursiveLoop_MeansLambdasDefault_Terminate()
    {
        string[] lines =
        [
            "Parameters:", "  QueueMaximumConcurrency:", "    Default: 7", "  BatchSize:", "    Default: 4", "  BatchingWindowSeconds:", "    Default: 2",
            "Resources:", "  ProtonCancelFunction:", "    Type: AWS::Serverless::Function", "    Properties:", "      Timeout: 30", "      MemorySize: 128",
            "  RequestQueue:", "    Type: AWS::SQS::Queue", "    Properties:", "      VisibilityTimeout: 200", "      RedrivePolicy:", "        maxReceiveCount: 3",
        ];

        var rules = TemplateRules.Parse(lines);

        Assert.Equal(("Terminate", 3), (rules.RecursiveLoop, rules.MaxReceiveCount));
        Assert.Equal((7, 4, 2.0, 200.0, 30.0, 128), (rules.MaximumConcurrency, rules.BatchSize, rules.BatchingWindow.TotalSeconds, rules.VisibilityTimeout.TotalSeconds, rules.FunctionTimeout.TotalSeconds, rules.MemorySizeMb));
    }

    [Fact]
    public void AChain_IsCountedThroughItsTraceHeaders_AndStoppedAfterSixteenInvocations()
    {
        var loops = new LoopDetection(FunctionArn, allowed: false);
        string? header = null;
        var invocations = 0;
        string? root = null;
        while (!loops.Stops(header) && invocations < 100)
        {
            // Lambda invokes with the message's trace; the function sends it on with its continuation.
            header = loops.TraceFor([header]);
            root ??= header.Split(';')[0];
            Assert.StartsWith(root + ";", header, StringComparison.Ordinal);
            invocations++;
        }

        Assert.Equal(16, invocations);
        Assert.Equal(16, loops.InvocationsIn(header));
    }

    [Fact]
    public void AllowedLoop_IsNeverStopped_AndOtherFunctionsLineageIsNotCounted()
    {
        var allowed = new LoopDetection(FunctionArn, allowed: true);
        var other = new LoopDetection(FunctionArn + "-other", allowed: false);
        var header = "Root=1-67891233-abcdef012345678912345678;Parent=53995c3f42cd8ad8;Sampled=0;Lineage=0000abcd:40";

        string? chain = null;
        for (var i = 0; i < 40; i++)
        {
            chain = allowed.TraceFor([chain]);
        }

        Assert.Equal(40, allowed.InvocationsIn(chain));
        Assert.False(allowed.Stops(chain));
        Assert.Equal(0, other.InvocationsIn(header));
        Assert.Equal(0, other.InvocationsIn(chain));
        Assert.False(other.Stops(chain));
        Assert.Equal(1, other.InvocationsIn(other.TraceFor([header])));
        Assert.StartsWith("Root=1-67891233-abcdef012345678912345678;", other.TraceFor([header]), StringComparison.Ordinal);
    }
}
