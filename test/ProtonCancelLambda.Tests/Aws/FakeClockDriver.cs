using Microsoft.Extensions.Time.Testing;

namespace ProtonCancelLambda.Tests.Aws;

/// <summary>Moves fake time forward in small steps until the task completes: backoff runs in microseconds.</summary>
internal static class FakeClockDriver
{
    public static async Task<T> RunAsync<T>(FakeTimeProvider clock, Task<T> task, TimeSpan? step = null, TimeSpan? limit = null)
    {
        var advanced = TimeSpan.Zero;
        var increment = step ?? TimeSpan.FromMilliseconds(5);
        while (!task.IsCompleted)
        {
            if (advanced > (limit ?? TimeSpan.FromMinutes(10)))
            {
                throw new TimeoutException("The call did not finish within the fake-time limit.");
            }

            await Task.Yield();
            clock.Advance(increment);
            advanced += increment;
        }

        return await task;
    }
}
