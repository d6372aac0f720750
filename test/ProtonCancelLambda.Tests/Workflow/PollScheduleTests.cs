using ProtonCancelLambda.Cancellation;

namespace ProtonCancelLambda.Tests.Workflow;

public class PollScheduleTests
{
    private static readonly PollSchedule Schedule = new(TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(30), () => 0.5);

    [Fact]
    public void Delay_StaysBetweenInitialAndMax_LessJitter()
    {
        Assert.Equal(0.475, Schedule.NextDelay(TimeSpan.Zero).TotalSeconds, precision: 3);
        Assert.Equal(30 * 0.95, Schedule.NextDelay(TimeSpan.FromHours(2)).TotalSeconds, precision: 3);
    }

    [Fact]
    public void Delay_GrowsWithTheTimeWatched()
    {
        Assert.Equal(60 * 0.12 * 0.95, Schedule.NextDelay(TimeSpan.FromSeconds(60)).TotalSeconds, precision: 3);
    }

    [Fact]
    public void TenMinuteCancellation_NeedsFarFewerThan120Polls()
    {
        var polls = 0;
        for (var t = TimeSpan.Zero; t < TimeSpan.FromMinutes(10); t += Schedule.NextDelay(t))
        {
            polls++;
        }

        Assert.InRange(polls, 40, 70);
    }

    [Fact]
    public void QuickCancellation_IsSeenWithinASecond()
    {
        for (var t = TimeSpan.Zero; t < TimeSpan.FromSeconds(8); t += Schedule.NextDelay(t))
        {
            Assert.True(Schedule.NextDelay(t) <= TimeSpan.FromSeconds(1), $"wait at {t} is {Schedule.NextDelay(t)}");
        }
    }
}
