using Microsoft.Extensions.Time.Testing;
using ProtonCancelLambda.Logging;
using ProtonCancelLambda.Pacing;

namespace ProtonCancelLambda.Tests.Pacing;

/// <summary>A new request's turns: the cancel, and its look just before it; never a cancel in another request's turn.</summary>
public sealed class TurnBookingTests
{
    private static readonly DateTimeOffset WindowStart = new(2026, 12, 6, 4, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _clock = new(WindowStart);
    private readonly MemoryTable _table = new();

    [Fact]
    public async Task TheLook_IsBookedJustBeforeTheCancel()
    {
        var budget = Budget();
        for (var i = 0; i < 12; i++)
        {
            await budget.ReserveAsync(ProtonRates.CancelEnvironmentDeployment, _clock.GetUtcNow(), WindowStart.AddMinutes(1), CancellationToken.None);
        }

        var booking = await Booking(budget).BookAsync(withLook: true, WindowStart.AddMinutes(1), CancellationToken.None);

        Assert.Equal(WindowStart.AddMilliseconds(2400), booking.CancelAt);
        Assert.Equal(WindowStart.AddMilliseconds(1400), booking.LookAt);
    }

    [Fact]
    public async Task ALookThatCanOnlyComeAfterTheCancelsTurn_BooksBothAgain_TheLookJustBeforeTheCancel()
    {
        var budget = new SharedCallBudget(_table, MemoryTable.Name, new ProtonRates(10, 0.2), _clock, new LambdaLogger(TextWriter.Null, LogOptions.Default, _clock));

        // Polls took this second's GetEnvironment turns; the next cancel turn after this one is 5 s away.
        while ((await budget.TryNowAsync(ProtonRates.GetEnvironment, 1, CancellationToken.None)).Taken)
        {
        }

        var booking = await new TurnBooking(budget, new ProtonRates(10, 0.2), _clock, () => 0.5).BookAsync(withLook: true, WindowStart.AddMinutes(1), CancellationToken.None);

        Assert.True(booking.LookAt < booking.CancelAt, $"look at {booking.LookAt:O}, cancel at {booking.CancelAt:O}");
        Assert.True(booking.CancelAt - booking.LookAt <= TurnBooking.LookLead, $"look at {booking.LookAt:O}, {(booking.CancelAt - booking.LookAt)?.TotalSeconds} s before its cancel");
        Assert.Equal(WindowStart.AddSeconds(5), booking.CancelAt);
    }

    [Fact]
    public async Task NoCancelTurnInTime_IsFull_WithWhenTurnsAreFree()
    {
        var budget = Budget();
        for (var i = 0; i < 100; i++)
        {
            await budget.ReserveAsync(ProtonRates.CancelEnvironmentDeployment, _clock.GetUtcNow(), WindowStart.AddMinutes(1), CancellationToken.None);
        }

        var booking = await Booking(budget).BookAsync(withLook: true, WindowStart.AddSeconds(10), CancellationToken.None);

        Assert.True(booking.IsFull);
        Assert.True(booking.FreeFrom >= WindowStart.AddSeconds(8), $"free from {booking.FreeFrom:O}");
    }

    private SharedCallBudget Budget() =>
        new(_table, MemoryTable.Name, new ProtonRates(10, 5), _clock, new LambdaLogger(TextWriter.Null, LogOptions.Default, _clock));

    private TurnBooking Booking(ICallBudget budget) => new(budget, new ProtonRates(10, 5), _clock, () => 0.5);
}
