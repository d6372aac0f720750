using Microsoft.Extensions.Time.Testing;

namespace ProtonCancelLambda.Tests.Aws;

/// <summary>
/// Moves fake time forward in small steps until the task completes, so backoff and timeouts of seconds run in
/// milliseconds. Between steps it yields to the thread pool for a moment: continuations released by a fired
/// timer (a cancelled attempt, say) must run before time moves on, or fake time races ahead of the code.
/// </summary>
internal static class FakeClockDriver
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(10);

    public static async Task<T> RunAsync<T>(FakeTimeProvider clock, Task<T> task, TimeSpan? step = null)
    {
        var advanced = TimeSpan.Zero;
        var increment = step ?? TimeSpan.FromMilliseconds(10);
        while (!task.IsCompleted)
        {
            if (advanced > Limit)
            {
                throw new TimeoutException("The call did not finish within the fake-time limit.");
            }

            await Task.Delay(1);
            clock.Advance(increment);
            advanced += increment;
        }

        return await task;
    }
}
