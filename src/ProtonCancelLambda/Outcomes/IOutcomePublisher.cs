namespace ProtonCancelLambda.Outcomes;

/// <summary>Delivers one outcome notification. Transient faults are retried inside until the deadline.</summary>
public interface IOutcomePublisher
{
    Task PublishAsync(Outcome outcome, DateTimeOffset deadline, CancellationToken cancellationToken);
}
