using ProtonCancelLambda.Local.Commands;

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
        var options = InvokeCommandLine.Parse(args);

        Assert.Null(options.Problem);
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), options.Timeout);
    }

    [Theory]
    [InlineData("--timeout", "0", "--timeout SECONDS must be a number from 1 to 900, not '0'.")]
    [InlineData("--timeout", "901", "--timeout SECONDS must be a number from 1 to 900, not '901'.")]
    [InlineData("--timeout", "soon", "--timeout SECONDS must be a number from 1 to 900, not 'soon'.")]
    [InlineData("--speed", "1001", "--speed N must be a number from 1 to 1000, not '1001'.")]
    [InlineData("--sns-endpoint", "localhost:5000", "--sns-endpoint takes an absolute http or https URL, not 'localhost:5000'.")]
    public void AValueOutOfItsRange_IsNamedWithTheRange(string flag, string value, string problem)
    {
        Assert.Equal(problem, InvokeCommandLine.Parse(["e.json", "--follow", flag, value]).Problem);
    }
}
