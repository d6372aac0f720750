using System.Text;
using ProtonCancelLambda.Local.Sns;

namespace ProtonCancelLambda.Tests.Simulator;

public class PublishRequestReaderTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Read_FullPublish_RecordsAttributesAndFifoIds()
    {
        var form = PublishRequestReader.ReadForm(Encoding.UTF8.GetBytes(
            "Action=Publish&Version=2010-03-31&TopicArn=arn%3Aaws%3Asns%3Aus-east-1%3A123456789012%3Aout.fifo&Message=hello+world"
            + "&MessageAttributes.entry.1.Name=outcome&MessageAttributes.entry.1.Value.DataType=String&MessageAttributes.entry.1.Value.StringValue=CANCELLED"
            + "&MessageGroupId=prod&MessageDeduplicationId=rb-1"));

        var message = PublishRequestReader.Read(form, "m-1", Now);

        Assert.Equal("arn:aws:sns:us-east-1:123456789012:out.fifo", message.TopicArn);
        Assert.Equal("hello world", message.Message);
        Assert.Equal(new SnsAttributeValue("String", "CANCELLED", null), message.MessageAttributes["outcome"]);
        Assert.Equal("prod", message.MessageGroupId);
        Assert.Equal("rb-1", message.MessageDeduplicationId);
    }

    [Theory]
    [InlineData("Action=Publish&Message=x", "InvalidParameter")]
    [InlineData("Action=Publish&TopicArn=arn%3Aaws%3Asns%3Aus-east-1%3A123456789012%3At", "ValidationError")]
    [InlineData("Action=Publish&TopicArn=arn%3Aaws%3Asns%3Aus-east-1%3A123456789012%3At.fifo&Message=x", "InvalidParameter")]
    public void Read_InvalidPublish_FailsWithSnsError(string body, string code)
    {
        var form = PublishRequestReader.ReadForm(Encoding.UTF8.GetBytes(body));
        Assert.Equal(code, Assert.Throws<SnsException>(() => PublishRequestReader.Read(form, "m-1", Now)).Error.Code);
    }

    [Fact]
    public void FaultSwitch_WithCount_FailsThatManyThenRecovers()
    {
        var faults = new SnsFaultSwitch();
        faults.Set(SnsFaultKind.Throttled, 2);
        Assert.Equal([SnsFaultKind.Throttled, SnsFaultKind.Throttled, SnsFaultKind.None], new[] { faults.Take(), faults.Take(), faults.Take() });
    }
}
