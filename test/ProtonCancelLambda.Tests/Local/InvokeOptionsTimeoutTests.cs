using ProtonCancelLambda.Local.Invoke;

namespace ProtonCancelLambda.Tests.Local;

/// <summary>Under a faster clock the default function timeout is one real minute, since computing does not speed up.</summary>
public sealed class InvokeOptionsTimeoutTests
{
    [Theory]
    [InlineData(new[] { "e.json" }, 60)]
    [InlineData(new[] { "e.json", "--follow" }, 60)]
    [InlineData(new[] { "e.json", "--follow", "--speed", "10" }, 600)]
    [InlineData(new[] { "e.json", "--follow", "--speed", "60" }, 900)]
    [InlineData(new[] { "e.json", "--follow", "--speed", "60", "--timeout", "30" }, 30)]
    public void Timeout_DefaultsToARealMinuteOnAFasterClock_UnlessGiven(string[] args, double expectedSeconds)
    {
        Assert.True(InvokeOptions.TryParse(args, out var options, out var problem), problem);

        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), options.Timeout);
    }
}
