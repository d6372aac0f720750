using Microsoft.Extensions.Time.Testing;
using ProtonCancelLambda.Local.Sqs;

namespace ProtonCancelLambda.Tests.Local;

public sealed class LocalRequestQueueTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero));

    [Fact]
    public void DelayedMessage_IsReceivedOnlyOnceItsDelayHasPassed()
    {
        var queue = new LocalRequestQueue(_clock);
        queue.Send("later", TimeSpan.FromSeconds(30), traceHeader: null);

        Assert.Empty(queue.ReceiveVisible(10));
        Assert.Equal(_clock.GetUtcNow().AddSeconds(30), queue.NextVisibleAt);

        _clock.Advance(TimeSpan.FromSeconds(30));
        var message = Assert.Single(queue.ReceiveVisible(10));

        Assert.Equal("later", message.Body);
        Assert.Equal(0, queue.Count);
        Assert.Null(queue.NextVisibleAt);
    }

    [Fact]
    public void ReceiveVisible_TakesAtMostTheBatchSize_OldestFirst()
    {
        var queue = new LocalRequestQueue(_clock);
        for (var i = 0; i < 12; i++)
        {
            queue.Send($"m{i}", TimeSpan.FromSeconds(12 - i), traceHeader: null);
        }

        _clock.Advance(TimeSpan.FromSeconds(12));
        var batch = queue.ReceiveVisible(10);

        Assert.Equal(10, batch.Count);
        Assert.Equal("m11", batch[0].Body);
        Assert.Equal(2, queue.Count);
    }

    [Fact]
    public void ReturnedMessage_ComesBackAfterTheVisibilityTimeout_WithItsReceiveCount()
    {
        var queue = new LocalRequestQueue(_clock);
        var sent = queue.Send("body", TimeSpan.Zero, traceHeader: "Root=1-abc");
        var received = Assert.Single(queue.ReceiveVisible(10));

        queue.ReturnAfter(received, TimeSpan.FromSeconds(420));
        _clock.Advance(TimeSpan.FromSeconds(419));
        Assert.Empty(queue.ReceiveVisible(10));
        _clock.Advance(TimeSpan.FromSeconds(1));
        var again = Assert.Single(queue.ReceiveVisible(10));

        Assert.Equal(sent.MessageId, again.MessageId);
        Assert.Equal(1, again.ReceiveCount);
        Assert.Equal("Root=1-abc", again.TraceHeader);
        Assert.Equal(1, queue.SentCount);
    }

    [Fact]
    public void Md5OfBody_IsTheHexMd5OfTheUtf8Body()
    {
        var queue = new LocalRequestQueue(_clock);

        // md5("hello") as published in RFC 1321 test suites and computed by any md5 tool.
        Assert.Equal("5d41402abc4b2a76b9719d911017c592", queue.Send("hello", TimeSpan.Zero, null).Md5OfBody);
    }
}
