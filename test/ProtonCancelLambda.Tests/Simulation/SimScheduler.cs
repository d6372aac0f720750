using System.Globalization;

namespace ProtonCancelLambda.Tests.Simulation;

/// <summary>
/// Runs one schedule, one step at a time. Every port call, timer and delivery is a step with a time; the
/// scheduler takes the earliest (ties in the order they were made), moves the clock there, runs it, and then
/// waits until every running invocation is parked again (on a port call or a timer) or finished. So however
/// the function awaits (ConfigureAwait(false), Parallel.ForEachAsync on the thread pool), only one piece of
/// it runs at a time, and the same choices give the same schedule.
/// </summary>
/// <remarks>
/// Which threads run an invocation is told by an <see cref="AsyncLocal{T}"/> whose change callback fires
/// whenever a thread enters or leaves the invocation's execution context: an invocation is parked when no
/// thread runs it and a step it owns is pending.
/// </remarks>
internal sealed class SimScheduler
{
    /// <summary>Real time an invocation may spend neither parked nor finished before the run is declared stuck.</summary>
    private static readonly TimeSpan StuckAfter = TimeSpan.FromSeconds(30);

    private readonly PriorityQueue<SimStep, (long Ticks, long Order)> _steps = new();
    private readonly List<SimInvocation> _live = [];
    private readonly AsyncLocal<SimInvocation?> _current;
    private readonly object _gate = new();
    private readonly DateTimeOffset _start;
    private long _order;

    public SimScheduler(DateTimeOffset start, SimChoices choices, List<string>? trace)
    {
        _start = start;
        Now = start;
        Choices = choices;
        Trace = trace;
        Clock = new SimClock(this);
        _current = new AsyncLocal<SimInvocation?>(OnContextChanged);
    }

    public DateTimeOffset Now { get; private set; }

    public SimClock Clock { get; }

    public SimChoices Choices { get; }

    /// <summary>The steps taken, when the run keeps them (a replay); null in the fast runs.</summary>
    public List<string>? Trace { get; }

    public int StepCount { get; private set; }

    /// <summary>The invocation whose code is running on this thread, if any.</summary>
    public SimInvocation? Current => _current.Value;

    /// <summary>Schedules a step; one without a description (<paramref name="what"/> empty) notes itself when it does something.</summary>
    public SimStep At(DateTimeOffset when, string what, Action action, SimInvocation? owner = null)
    {
        var step = new SimStep(this, when, what, action, owner);
        lock (_gate)
        {
            _steps.Enqueue(step, (when.UtcTicks, _order++));
            if (owner is not null)
            {
                owner.Pending++;
            }
        }

        return step;
    }

    public void Note(string text) => Trace?.Add(string.Create(CultureInfo.InvariantCulture, $"{(Now - _start).TotalSeconds,9:0.000}s  {text}"));

    /// <summary>Starts an invocation: its code runs now, on this thread, until it first parks.</summary>
    public void Start(SimInvocation invocation, Func<Task> body)
    {
        lock (_gate)
        {
            _live.Add(invocation);
        }

        _ = RunAsync(invocation, body);
    }

    /// <summary>The invocation is gone (a crash, or Lambda's deadline): no step of it runs again, no response.</summary>
    public void Abandon(SimInvocation invocation)
    {
        lock (_gate)
        {
            invocation.Abandoned = true;
            _live.Remove(invocation);
        }
    }

    /// <summary>Takes steps until none is left or the next is past <paramref name="horizon"/>; false when stopped at the horizon.</summary>
    public bool Run(DateTimeOffset horizon)
    {
        // A continuation runs inline on the thread that completes its task only where no context would take it.
        var context = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            while (true)
            {
                SimStep? step;
                lock (_gate)
                {
                    WaitUntilQuiet();
                    if (!_steps.TryDequeue(out step, out _))
                    {
                        return true;
                    }

                    if (step.Cancelled || step.Owner is { Abandoned: true })
                    {
                        continue;
                    }

                    if (step.When > horizon)
                    {
                        return false;
                    }

                    step.Taken = true;
                    if (step.Owner is not null)
                    {
                        step.Owner.Pending--;
                    }
                }

                if (step.When > Now)
                {
                    Now = step.When;
                }

                StepCount++;
                if (Trace is not null && step.What.Length > 0)
                {
                    Note(step.What);
                }

                step.Action();
            }
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(context);
        }
    }

    internal void Cancel(SimStep step)
    {
        lock (_gate)
        {
            if (!step.Cancelled && !step.Taken)
            {
                step.Cancelled = true;
                if (step.Owner is not null)
                {
                    step.Owner.Pending--;
                }
            }
        }
    }

    private async Task RunAsync(SimInvocation invocation, Func<Task> body)
    {
        _current.Value = invocation;
        try
        {
            await body().ConfigureAwait(false);
        }
        finally
        {
            lock (_gate)
            {
                invocation.Finished = true;
                _live.Remove(invocation);
                Monitor.PulseAll(_gate);
            }
        }
    }

    private void WaitUntilQuiet()
    {
        while (_live.Find(invocation => invocation.Running > 0 || (invocation.Pending == 0 && !invocation.Finished)) is { } busy)
        {
            if (!Monitor.Wait(_gate, StuckAfter))
            {
                throw new InvalidOperationException(
                    $"Invocation {busy.Name} neither parked on a simulated port or timer nor finished within {StuckAfter.TotalSeconds} s of real time: it waits on something outside the simulation.");
            }
        }
    }

    private void OnContextChanged(AsyncLocalValueChangedArgs<SimInvocation?> change)
    {
        if (ReferenceEquals(change.PreviousValue, change.CurrentValue))
        {
            return;
        }

        lock (_gate)
        {
            if (change.PreviousValue is { } left && --left.Running == 0)
            {
                Monitor.PulseAll(_gate);
            }

            if (change.CurrentValue is { } entered)
            {
                entered.Running++;
            }
        }
    }
}

/// <summary>One thing that happens at a time: a port call answers, a timer fires, a message is delivered.</summary>
internal sealed class SimStep(SimScheduler scheduler, DateTimeOffset when, string what, Action action, SimInvocation? owner)
{
    public DateTimeOffset When { get; } = when;

    public string What { get; } = what;

    public Action Action { get; } = action;

    public SimInvocation? Owner { get; } = owner;

    public bool Cancelled { get; set; }

    public bool Taken { get; set; }

    public void Cancel() => scheduler.Cancel(this);
}

/// <summary>One Lambda invocation: how many threads run it now, how many of its steps are pending, how it ended.</summary>
internal sealed class SimInvocation(string name)
{
    public string Name { get; } = name;

    public int Running { get; set; }

    public int Pending { get; set; }

    public bool Finished { get; set; }

    public bool Abandoned { get; set; }

    /// <summary>What its event source does when it ends without a response (a crash, its deadline).</summary>
    public Action? Failed { get; init; }

    /// <summary>The requests whose outcome this invocation published (took effect at SNS).</summary>
    public HashSet<string> Published { get; } = [];
}
