namespace ProtonCancelLambda.Local.Sns;

/// <summary>The messages the sink accepted, in order, with a way to wait for one that has not come yet.</summary>
public sealed class SnsMessageLog
{
    private readonly Lock _lock = new();
    private readonly List<RecordedSnsMessage> _messages = [];
    private readonly List<(int Index, TaskCompletionSource<RecordedSnsMessage> Waiter)> _waiters = [];

    public IReadOnlyList<RecordedSnsMessage> Messages
    {
        get
        {
            lock (_lock)
            {
                return [.. _messages];
            }
        }
    }

    /// <summary>The message at <paramref name="index"/> (0-based), once it has been published.</summary>
    public Task<RecordedSnsMessage> WaitForMessageAsync(int index, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        TaskCompletionSource<RecordedSnsMessage> waiter;
        lock (_lock)
        {
            if (index < _messages.Count)
            {
                return Task.FromResult(_messages[index]);
            }

            waiter = new TaskCompletionSource<RecordedSnsMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((index, waiter));
        }

        return waiter.Task.WaitAsync(cancellationToken);
    }

    /// <summary>The next message after those already recorded when this is called.</summary>
    public Task<RecordedSnsMessage> WaitForNextMessageAsync(CancellationToken cancellationToken)
    {
        int next;
        lock (_lock)
        {
            next = _messages.Count;
        }

        return WaitForMessageAsync(next, cancellationToken);
    }

    internal void Add(RecordedSnsMessage message)
    {
        List<TaskCompletionSource<RecordedSnsMessage>> ready;
        lock (_lock)
        {
            _messages.Add(message);
            var index = _messages.Count - 1;
            ready = [.. _waiters.Where(w => w.Index == index).Select(w => w.Waiter)];
            _waiters.RemoveAll(w => w.Index == index);
        }

        foreach (var waiter in ready)
        {
            waiter.TrySetResult(message);
        }
    }
}
